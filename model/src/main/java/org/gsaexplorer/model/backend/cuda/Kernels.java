package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.backend.cuda.runtime.CudaDevice;
import org.gsaexplorer.model.backend.cuda.runtime.CudaModule;
import org.gsaexplorer.model.backend.cuda.runtime.KernelArgs;
import org.gsaexplorer.model.config.GsaConfig;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The GSA kernels compiled for one head shape (slots, head dims, head counts are compile-time constants there) and
 * loaded into the device's context, with optional per-kernel timing through CUDA events. Every number the kernels share
 * with the host is declared here or in {@link KernelCodes} and reaches them as a -D constant ({@link #defines}).
 */
final class Kernels extends CudaModule {
    /** The kernel families in program order (after common.cu; each file uses what the earlier ones define). */
    static final List<String> SOURCES = List.of("gsa_layout.cu", "gemv.cu", "elementwise.cu", "slot_scan.cu", "slot_step.cu",
            "chunk_prefill.cu", "state_patch.cu");

    /*
     * The decode GEMVs' shape, compiled into gemv.cu and used by GemvLaunch to size their launches. Four blocks per SM
     * with a ring of 4 batches of 2 16-byte vectors per lane measured fastest over the whole decode step (H100,
     * gsa-1.3b, with GemvLaunch.split: 1.291 vs 1.322 ms/token for 3 blocks with 3 batches of 4; the same bytes in
     * flight as fewer, larger batches, or 5 blocks at 48 registers, were slower).
     */
    static final int GEMV_STAGES = 4, GEMV_BATCH = 2, GEMV_BLOCKS_PER_SM = 4;
    /** Bytes of a GEMV block's weight ring in shared memory: 8 warps × stages × vectors × 32 lanes × 16 B. */
    static final int GEMV_RING = 8 * GEMV_STAGES * GEMV_BATCH * 32 * 16;
    /** The longest short convolution prep keeps in registers (CudaModel refuses longer ones). */
    static final int MAX_CONV_WIDTH = 16;
    /**
     * Shared floats of one value_scan tile (readout weights, gates and write weights of its tokens); a shape whose one
     * token does not fit is refused (CudaModel).
     */
    static final int SCAN_TILE_FLOATS = 8192;

    /** Per-kernel accumulated GPU milliseconds and call counts while profiling, else null. */
    private Map<String, double[]> profile;

    Kernels(CudaDevice dev, GsaConfig c) {
        super(dev, Kernels.class, SOURCES, defines(c));
    }

    /** The program NVRTC compiles (common.cu, then {@link #SOURCES}). */
    static String source() {
        return CudaModule.source(Kernels.class, SOURCES);
    }

    /** The -D constants of the kernels for shape {@code c}. */
    static List<String> defines(GsaConfig c) {
        List<String> d = new ArrayList<>(List.of("-DGSA_M=" + c.numSlots(), "-DGSA_DK=" + c.headKDim(), "-DGSA_DV=" + c.headVDim(),
                "-DGSA_HQ=" + c.numHeads(), "-DGSA_HKV=" + c.numKvHeads(), "-DGEMV_STAGES=" + GEMV_STAGES,
                "-DGEMV_BATCH=" + GEMV_BATCH, "-DGEMV_BLOCKS_PER_SM=" + GEMV_BLOCKS_PER_SM,
                "-DSLOT_CLUSTER=" + SlotMemory.SLOT_CLUSTER, "-DCHUNK=" + SlotMemory.chunkSize(c),
                "-DCHUNK_OUT_FLOATS=" + SlotMemory.chunkOutFloats(c), "-DMAX_CONV_WIDTH=" + MAX_CONV_WIDTH,
                "-DSCAN_TILE_FLOATS=" + SCAN_TILE_FLOATS));
        d.addAll(KernelCodes.defines());
        return d;
    }

    /** While profiling, each launch runs alone (not dependent) and is timed. */
    @Override
    public void launch(String name, int gx, int gy, int gz, int bx, int smem, MemorySegment stream, KernelArgs args, boolean dependent, int cluster) {
        if (profile == null) super.launch(name, gx, gy, gz, bx, smem, stream, args, dependent, cluster);
        else timed(name, stream, () -> super.launch(name, gx, gy, gz, bx, smem, stream, args, false, cluster));
    }

    /** Runs {@code work} (e.g. a cuBLAS call) and, while profiling, books its GPU time under {@code name}. */
    void timed(String name, MemorySegment stream, Runnable work) {
        if (profile == null) {
            work.run();
            return;
        }
        MemorySegment e0 = dev.driver.createEvent(), e1 = dev.driver.createEvent();
        dev.driver.record(e0, stream);
        work.run();
        dev.driver.record(e1, stream);
        dev.driver.eventSync(e1);
        double[] acc = profile.computeIfAbsent(name, k -> new double[2]);
        acc[0] += dev.driver.elapsedMs(e0, e1);
        acc[1]++;
        dev.driver.destroyEvent(e0);
        dev.driver.destroyEvent(e1);
    }

    /** Starts timing every launch (each one synchronised, so only for diagnosis). */
    void startProfile() {
        profile = new LinkedHashMap<>();
    }

    /** Kernel name → {total ms, calls} since {@link #startProfile}; stops timing. */
    Map<String, double[]> stopProfile() {
        Map<String, double[]> p = profile;
        profile = null;
        return p;
    }
}
