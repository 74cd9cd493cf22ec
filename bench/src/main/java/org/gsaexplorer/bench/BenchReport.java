package org.gsaexplorer.bench;

import org.gsaexplorer.bench.sequence.SequenceModel;

import java.util.List;

/**
 * Everything one bench run measured. Rates come from medians over repetitions; the ranges say how noisy they were.
 * {@code gemmGFlops}: the BLAS fp32 GEMM rate on the model's MLP shape (null when no CPU backend ran); {@code probeCost}:
 * decode with every layer's probes against decode without, for engines that have probes; {@code kernels}: the
 * vector backend's kernels alone (empty unless it ran). {@code notes} say what could not be measured and why (an unavailable backend, a context that does not fit memory).
 */
public record BenchReport(String shape, String dtype, String device, int promptLength, int generated, int reps,
                          Stats copyGBps, Stats gemmGFlops, List<ModelInfo> models, List<PrefillPoint> prefill,
                          List<DecodePoint> decode, List<ProbeCost> probeCost, List<KernelPoint> kernels, List<String> notes) {

    public BenchReport {
        models = List.copyOf(models);
        prefill = List.copyOf(prefill);
        decode = List.copyOf(decode);
        probeCost = List.copyOf(probeCost);
        kernels = List.copyOf(kernels);
        notes = List.copyOf(notes);
    }

    /**
     * One model as measured. {@code ceilingTokensPerSecond}: decode rate if every token only streamed the weights once at
     * the measured copy bandwidth (the memory-bandwidth roofline at batch 1).
     */
    public record ModelInfo(String arch, String engine, long parameters, long weightBytesPerToken, double ceilingTokensPerSecond) {
        public static ModelInfo of(SequenceModel m, Stats copyGBps) {
            return new ModelInfo(m.arch(), m.engine(), m.parameterCount(), m.weightBytesPerToken(),
                    copyGBps.median() * 1e9 / m.weightBytesPerToken());
        }
    }

    /** achievedGFlops: 2 × the weights multiplied per token (embedding excluded) × tokens/s, the median's. */
    public record PrefillPoint(String arch, String engine, int tokens, Stats tokensPerSecond, double achievedGFlops) {
        public static PrefillPoint of(SequenceModel m, int tokens, Stats tokensPerSecond) {
            return new PrefillPoint(m.arch(), m.engine(), tokens, tokensPerSecond, 2.0 * m.matmulParametersPerToken() * tokensPerSecond.median() / 1e9);
        }
    }

    /** One kernel alone: its rate, the ceiling it is held against (copy GB/s or BLAS GFLOP/s, same run) and the ratio. */
    public record KernelPoint(String kernel, String shape, Stats rate, String unit, double ceiling, double ratio) {
    }

    /**
     * Decoding {@code generated} tokens after {@code context} tokens. bytesPerToken = weights + the state or KV cache,
     * which a decoder must read per token; achievedGBps = bytesPerToken × tokens/s.
     */
    public record DecodePoint(String arch, String engine, int context, Stats msPerToken, double tokensPerSecond,
                              long stateBytes, long bytesPerToken, double achievedGBps) {
        public static DecodePoint of(SequenceModel m, int context, Stats msPerToken) {
            double tps = 1000 / msPerToken.median();
            long bytes = m.weightBytesPerToken() + m.stateBytes(context);
            return new DecodePoint(m.arch(), m.engine(), context, msPerToken, tps, m.stateBytes(context), bytes, BenchReport.achievedGBps(bytes, tps));
        }
    }

    /**
     * Decoding with every layer's probes recorded, timed in the same repetitions as decode without them (each repetition
     * runs both from the same state, one after the other): {@code overhead} is probed ms/token ÷ plain ms/token − 1 per
     * repetition.
     */
    public record ProbeCost(String arch, String engine, int context, int layers, Stats msPerToken, Stats overhead) {
    }

    public static double achievedGBps(long bytesPerToken, double tokensPerSecond) {
        return bytesPerToken * tokensPerSecond / 1e9;
    }
}
