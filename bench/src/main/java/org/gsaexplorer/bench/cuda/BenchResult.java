package org.gsaexplorer.bench.cuda;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link CudaBench#measure} found. Decode throughput is the captured step graph replayed back to back on the GPU
 * (greedy: each step's argmax feeds the next) with the chosen layers' probes copied to pinned host memory after every
 * step; {@code apiStepTokensPerSecond} is the same through {@code GsaSession.step}, which also copies the logits back
 * and waits for them every token. Copy bandwidth counts bytes read plus bytes written.
 *
 * @param decodeVariants the same decode loop with one of its optimisations switched off or retuned, measured in the
 *                       same run: one line each
 * @param bytesPerToken  weights streamed plus recurrent state read and written per decode step
 * @param decodeKernels  kernel name → {total ms, calls} over one profiled (unbatched, synchronised) decode step
 * @param prefillKernels the same over one profiled prefill
 * @param gemvIsolation  one line per decode GEMV shape and warp split: that GEMV alone, launched back to back
 */
public record BenchResult(String model, String dtype, String device, int promptLen, int gen, int probeLayers,
                          double prefillMs, double decodeMsPerToken, List<String> decodeVariants, double apiStepTokensPerSecond,
                          long bytesPerToken, double copyGBps,
                          Map<String, double[]> decodeKernels, Map<String, double[]> prefillKernels,
                          List<String> gemvIsolation) {

    public double prefillTokensPerSecond() {
        return promptLen / (prefillMs / 1000);
    }

    public double decodeTokensPerSecond() {
        return 1000 / decodeMsPerToken;
    }

    public double achievedGBps() {
        return bytesPerToken / (decodeMsPerToken / 1000) / 1e9;
    }

    public double percentOfCopy() {
        return 100 * achievedGBps() / copyGBps;
    }

    public String report() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "model %s, %s, %s%n", model, dtype, device));
        b.append(String.format(Locale.ROOT, "prefill: %d tokens in %.2f ms = %.0f tokens/s%n", promptLen, prefillMs, prefillTokensPerSecond()));
        b.append(String.format(Locale.ROOT, "decode (graph replay, %d tokens, probes on %d layer(s)): %.0f tokens/s, %.3f ms/token%n",
                gen, probeLayers, decodeTokensPerSecond(), decodeMsPerToken));
        if (!decodeVariants.isEmpty()) b.append("decode variants (same run):\n");
        for (String v : decodeVariants) b.append("  ").append(v).append('\n');
        b.append(String.format(Locale.ROOT, "decode through GsaSession.step (logits copied back each token): %.0f tokens/s%n", apiStepTokensPerSecond));
        b.append(String.format(Locale.ROOT, "bytes read per token: %.1f MB; achieved %.0f GB/s = %.1f %% of device copy bandwidth %.0f GB/s (read+write)%n",
                bytesPerToken / 1e6, achievedGBps(), percentOfCopy(), copyGBps));
        kernels(b, "decode step kernels (one profiled step, each launch timed alone)", decodeKernels);
        kernels(b, "prefill kernels (one profiled prefill)", prefillKernels);
        b.append("decode GEMVs alone (each shape 48 times back to back over the layers' weights, dependent launches replayed from a graph as in decode; GB/s of weights read):\n");
        for (String line : gemvIsolation) b.append("  ").append(line).append('\n');
        return b.toString();
    }

    private static void kernels(StringBuilder b, String title, Map<String, double[]> m) {
        b.append(title).append(":\n");
        double total = m.values().stream().mapToDouble(v -> v[0]).sum();
        m.entrySet().stream().sorted((x, y) -> Double.compare(y.getValue()[0], x.getValue()[0])).forEach(e ->
                b.append(String.format(Locale.ROOT, "  %-18s %9.3f ms %6.1f %%  %6d calls  %8.2f us/call%n", e.getKey(),
                        e.getValue()[0], 100 * e.getValue()[0] / total, (long) e.getValue()[1], 1000 * e.getValue()[0] / e.getValue()[1])));
        b.append(String.format(Locale.ROOT, "  %-18s %9.3f ms%n", "total", total));
    }
}
