package org.gsaexplorer.model.backend.vector;

import org.gsaexplorer.model.weights.DType;

/**
 * One token's input vector to a {@link Gemv}, kept in order (for f32 weights) and in the permuted order 16-bit weights
 * are widened into (bf16 and f16 alike), in buffers reused from token to token.
 */
final class GemvInput {
    private final float[] plain, permuted;

    GemvInput(int n) {
        plain = new float[n];
        permuted = new float[n];
    }

    /** Takes x[off .. off + n). */
    void set(float[] x, int off) {
        System.arraycopy(x, off, plain, 0, plain.length);
        Widen.permute(x, off, plain.length, permuted, 0);
    }

    float[] ordered(DType weights) {
        return weights == DType.F32 ? plain : permuted;
    }
}
