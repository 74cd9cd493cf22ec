package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.backend.cuda.runtime.Cublas;
import org.gsaexplorer.model.backend.cuda.runtime.Driver;
import org.gsaexplorer.model.backend.cuda.runtime.HostCast;
import org.gsaexplorer.model.backend.cuda.runtime.KernelArgs;
import org.gsaexplorer.model.backend.cuda.runtime.SessionStream;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * What a benchmark reaches below {@link org.gsaexplorer.model.BatchedSession} on one {@link CudaBatchSession}: prefill
 * and decode steps timed on the device without copies to the host, and the bf16 GEMM rate that batched prefill is
 * measured against. The session stays owned by the caller.
 */
public final class BatchBenchHooks {
    private final CudaBatchSession s;
    private final Driver drv;

    public BatchBenchHooks(CudaBatchSession s) {
        this.s = s;
        this.drv = s.model().dev.driver;
    }

    /** GPU milliseconds of a prefill of ids[b] per sequence, each sequence's last logits only, from a reset state. */
    public double prefillMs(int[][] ids) {
        s.reset();
        return drv.timeMs(s.stream().stream, () -> s.prefillLastOnly(ids));
    }

    /**
     * GPU milliseconds per decode step of the tokens {@code ids} (one per sequence, the same every step; every
     * sequence's logits computed, none copied), {@code n} steps queued back to back: launched one by one, or
     * (graph) captured once into a CUDA graph and replayed.
     */
    public double decodeStepMs(int[] ids, int n, boolean graph) {
        s.loadStep(ids);
        SessionStream ss = s.stream();
        if (!graph) {
            s.stepLaunches(); // warm-up: cuBLAS heuristics
            return drv.timeMs(ss.stream, () -> {
                for (int i = 0; i < n; i++) s.stepLaunches();
            }) / n;
        }
        SessionStream.Graph g = ss.capture(s::stepLaunches);
        try {
            drv.launchGraph(g.exec(), ss.stream);
            return drv.timeMs(ss.stream, () -> {
                for (int i = 0; i < n; i++) drv.launchGraph(g.exec(), ss.stream);
            }) / n;
        } finally {
            drv.sync(ss.stream);
            ss.destroy(g);
        }
    }

    /** Bytes a decode step of the batch reads: the weights once, plus every sequence's recurrent state read and written. */
    public long bytesPerDecodeStep() {
        return s.model().weights.matrixBytesPerToken + 2 * s.stateBytes();
    }

    /** Multiply-adds ×2 per prefill token in the GEMMs of the layers (the LM head runs on each sequence's last row only). */
    public double prefillGemmFlopsPerToken() {
        DeviceWeights w = s.model().weights;
        long headBytes = (long) s.model().config.vocabSize() * s.model().config.hiddenSize() * w.dtype.bytes;
        return 2.0 * (w.matrixBytesPerToken - headBytes) / w.dtype.bytes;
    }

    /**
     * The bf16 tensor-core rate of cuBLAS on this GPU in TFLOP/s: an {@code n}×{@code n}×{@code n} GEMM (bf16 inputs,
     * fp32 output and accumulation, as the prefill's GEMMs), best of 5 timed runs of 4.
     */
    public double gemmTflops(int n) {
        CudaModel m = s.model();
        SessionStream ss = s.stream();
        long elems = (long) n * n;
        long w = 0, x = 0, y = 0;
        try (Arena a = Arena.ofConfined()) {
            w = drv.alloc(2 * elems, "GEMM benchmark");
            x = drv.alloc(2 * elems, "GEMM benchmark");
            y = drv.alloc(4 * elems, "GEMM benchmark");
            for (long p : new long[]{w, x})
                m.kernels.launch("fill_uniform", 1024, 1, 256, 0, ss.stream, new KernelArgs(a).ptr(p).i32(HostCast.BF16).u64(elems).u64(p).f32(0.05f));
            long fw = w, fx = x, fy = y;
            Runnable gemm = () -> Cublas.get().linear(ss.cublas, fw, fx, fy, n, n, n, HostCast.BF16, 0f);
            gemm.run();
            double best = Double.MAX_VALUE;
            for (int rep = 0; rep < 5; rep++)
                best = Math.min(best, drv.timeMs(ss.stream, () -> {
                    for (int i = 0; i < 4; i++) gemm.run();
                }) / 4);
            return 2.0 * n * n * (double) n / (best / 1000) / 1e12;
        } finally {
            drv.sync(ss.stream);
            drv.free(w);
            drv.free(x);
            drv.free(y);
        }
    }
}
