package org.gsaexplorer.model.ops;

/** y = x·Wᵀ for a weight W stored row-major [out, in] as in PyTorch, no bias. Plain reference loops. */
public final class Linear {
    private Linear() {
    }

    /**
     * One row: y[o] = Σ_i W[o, i]·x[xOff + i]. Four partial sums let the JIT keep several multiply-adds in flight
     * (a single running sum serialises on its own latency).
     */
    public static void matvec(float[] w, int out, int in, float[] x, int xOff, float[] y, int yOff) {
        int in4 = in & ~3;
        for (int o = 0; o < out; o++) {
            int base = o * in;
            float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f;
            for (int i = 0; i < in4; i += 4) {
                a0 += w[base + i] * x[xOff + i];
                a1 += w[base + i + 1] * x[xOff + i + 1];
                a2 += w[base + i + 2] * x[xOff + i + 2];
                a3 += w[base + i + 3] * x[xOff + i + 3];
            }
            for (int i = in4; i < in; i++) a0 += w[base + i] * x[xOff + i];
            y[yOff + o] = (a0 + a1) + (a2 + a3);
        }
    }

    /** Many rows: Y[T, out] = X[T, in]·Wᵀ. */
    public static float[] matmul(float[] x, int rows, int in, float[] w, int out) {
        float[] y = new float[rows * out];
        for (int t = 0; t < rows; t++) matvec(w, out, in, x, t * in, y, t * out);
        return y;
    }
}
