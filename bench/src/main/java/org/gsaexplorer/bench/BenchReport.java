package org.gsaexplorer.bench;

import org.gsaexplorer.bench.sequence.SequenceModel;

import java.util.List;

/**
 * Everything one bench run measured. Rates come from medians over repetitions; the ranges say how noisy they were.
 * {@code notes} say what could not be measured and why (an unavailable backend, a context that does not fit memory).
 */
public record BenchReport(String shape, String dtype, String device, int promptLength, int generated, int reps,
                          Stats copyGBps, List<ModelInfo> models, List<PrefillPoint> prefill, List<DecodePoint> decode,
                          List<String> notes) {

    public BenchReport {
        models = List.copyOf(models);
        prefill = List.copyOf(prefill);
        decode = List.copyOf(decode);
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

    public record PrefillPoint(String arch, String engine, int tokens, Stats tokensPerSecond) {
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

    public static double achievedGBps(long bytesPerToken, double tokensPerSecond) {
        return bytesPerToken * tokensPerSecond / 1e9;
    }
}
