package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.backend.cuda.runtime.CudaDevice;
import org.gsaexplorer.model.backend.cuda.runtime.CudaModule;
import org.gsaexplorer.model.backend.cuda.runtime.KernelArgs;
import org.gsaexplorer.model.config.GsaConfig;

import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * gsa.cu compiled for one head shape (slots, head dims, head counts are compile-time constants there) and loaded into
 * the device's context, with optional per-kernel timing through CUDA events.
 */
final class Kernels extends CudaModule {
    static final String SOURCE = "gsa.cu";

    /*
     * The decode GEMVs' shape, compiled into gsa.cu and used by GemvLaunch to size their launches. Four blocks per SM
     * with a ring of 4 batches of 2 16-byte vectors per lane measured fastest over the whole decode step (H100,
     * gsa-1.3b, with GemvLaunch.split: 1.291 vs 1.322 ms/token for 3 blocks with 3 batches of 4; the same bytes in
     * flight as fewer, larger batches, or 5 blocks at 48 registers, were slower).
     */
    static final int GEMV_STAGES = 4, GEMV_BATCH = 2, GEMV_BLOCKS_PER_SM = 4;
    /** Bytes of a GEMV block's weight ring in shared memory: 8 warps × stages × vectors × 32 lanes × 16 B. */
    static final int GEMV_RING = 8 * GEMV_STAGES * GEMV_BATCH * 32 * 16;

    /** Per-kernel accumulated GPU milliseconds and call counts while profiling, else null. */
    private Map<String, double[]> profile;

    Kernels(CudaDevice dev, GsaConfig c) {
        super(dev, Kernels.class, List.of(SOURCE), List.of("-DGSA_M=" + c.numSlots(), "-DGSA_DK=" + c.headKDim(), "-DGSA_DV=" + c.headVDim(),
                "-DGSA_HQ=" + c.numHeads(), "-DGSA_HKV=" + c.numKvHeads(), "-DGEMV_STAGES=" + GEMV_STAGES,
                "-DGEMV_BATCH=" + GEMV_BATCH, "-DGEMV_BLOCKS_PER_SM=" + GEMV_BLOCKS_PER_SM));
    }

    static String source() {
        return CudaModule.source(Kernels.class, List.of(SOURCE));
    }

    /** While profiling, each launch runs alone (not dependent) and is timed. */
    @Override
    public void launch(String name, int gx, int gy, int bx, int smem, MemorySegment stream, KernelArgs args, boolean dependent, int cluster) {
        if (profile == null) super.launch(name, gx, gy, bx, smem, stream, args, dependent, cluster);
        else timed(name, stream, () -> super.launch(name, gx, gy, bx, smem, stream, args, false, cluster));
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
