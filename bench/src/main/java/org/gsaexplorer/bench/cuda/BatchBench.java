package org.gsaexplorer.bench.cuda;

import org.gsaexplorer.model.backend.cuda.BatchBenchHooks;
import org.gsaexplorer.model.backend.cuda.CudaBatchSession;
import org.gsaexplorer.model.backend.cuda.CudaModel;
import org.gsaexplorer.model.error.GsaException;

import java.util.Locale;
import java.util.Random;

/**
 * Batched sequences on the cuda backend ({@link CudaBatchSession}): prefill of B sequences × promptLen tokens (each
 * sequence's last logits only, best of 3) and decode steps of B sequences (every sequence's logits, none copied back),
 * each against a ceiling measured in the same run: prefill against the bf16 GEMM rate, decode against the copy
 * bandwidth.
 */
final class BatchBench {
    /** Side of the square bf16 GEMM that measures the tensor-core rate. */
    static final int GEMM_SIDE = 8192;

    private BatchBench() {
    }

    /** The report lines, starting with the two ceilings. */
    static String measure(CudaModel model, int promptLen, int gen, int[] prefillBatches, int[] decodeBatches, double copyGBps) {
        int vocab = model.config().vocabSize();
        StringBuilder b = new StringBuilder();
        double gemm;
        try (CudaBatchSession s = model.newBatch(1)) {
            gemm = new BatchBenchHooks(s).gemmTflops(GEMM_SIDE);
        }
        b.append(String.format(Locale.ROOT, "ceilings (same run): copy %.0f GB/s (read+write), bf16 GEMM %.0f TFLOP/s (cuBLAS %d^3, fp32 accumulate)%n",
                copyGBps, gemm, GEMM_SIDE));
        for (int batch : prefillBatches) {
            int[][] ids = ids(batch, promptLen, vocab);
            try (CudaBatchSession s = model.newBatch(batch)) {
                BatchBenchHooks h = new BatchBenchHooks(s);
                h.prefillMs(ids); // warm-up: allocations, cuBLAS heuristics
                double ms = Double.MAX_VALUE;
                for (int rep = 0; rep < 3; rep++) ms = Math.min(ms, h.prefillMs(ids));
                double tokens = (double) batch * promptLen, tflops = tokens * h.prefillGemmFlopsPerToken() / (ms / 1000) / 1e12;
                b.append(String.format(Locale.ROOT, "batched prefill B=%-2d x %d tokens: %8.2f ms = %8.0f tokens/s; layer GEMM work at %.0f TFLOP/s = %.1f %% of the GEMM rate%n",
                        batch, promptLen, ms, tokens / (ms / 1000), tflops, 100 * tflops / gemm));
            }
        }
        for (int batch : decodeBatches) {
            int[] ids = ids(1, batch, vocab)[0];
            try (CudaBatchSession s = model.newBatch(batch)) {
                BatchBenchHooks h = new BatchBenchHooks(s);
                double eager = h.decodeStepMs(ids, gen, false);
                String graph;
                double best = eager;
                try {
                    double g = h.decodeStepMs(ids, gen, true);
                    best = Math.min(best, g);
                    graph = String.format(Locale.ROOT, "%.3f ms/step", g);
                } catch (GsaException e) {
                    graph = "not captured (" + e.getMessage() + ")";
                }
                double gbps = h.bytesPerDecodeStep() / (best / 1000) / 1e9;
                b.append(String.format(Locale.ROOT, "batched decode B=%-2d: %8.0f tokens/s (%.3f ms/step launched one by one, graph replay %s); %.0f GB/s = %.1f %% of copy%n",
                        batch, batch / (best / 1000), eager, graph, gbps, 100 * gbps / copyGBps));
            }
        }
        return b.toString();
    }

    private static int[][] ids(int batch, int len, int vocab) {
        Random r = new Random(42);
        int[][] ids = new int[batch][];
        for (int i = 0; i < batch; i++) ids[i] = r.ints(len, 0, vocab).toArray();
        return ids;
    }
}
