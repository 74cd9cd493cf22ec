package org.gsaexplorer.bench.sequence;

/**
 * A causal language model the throughput bench can drive: GSA through {@link GsaSequenceModel}, and the Transformer++
 * and GLA baselines. Byte figures are what the engine actually holds and streams, so bandwidth arithmetic is honest.
 */
public interface SequenceModel extends AutoCloseable {
    /** {@code gsa}, {@code transformer} or {@code gla}. */
    String arch();

    /** What computes it, e.g. {@code reference}, {@code nd4j}, {@code java}. */
    String engine();

    int vocabSize();

    long parameterCount();

    /** Bytes of weights read from memory to decode one token: every matrix once, plus one embedding row. */
    long weightBytesPerToken();

    /** Weights multiplied per token: every matrix once, the LM head included, the embedding lookup not (2 FLOP each). */
    long matmulParametersPerToken();

    /** Bytes of recurrent state (constant) or KV cache (linear) one sequence holds after {@code context} tokens; decoding reads all of it. */
    long stateBytes(int context);

    SequenceSession newSession();

    /** Bytes free where this engine keeps state or KV cache (the Java heap, or GPU memory plus the cache it holds). */
    default long freeBytes() {
        Runtime r = Runtime.getRuntime();
        return r.maxMemory() - (r.totalMemory() - r.freeMemory());
    }

    @Override
    default void close() {
    }
}
