package org.gsaexplorer.model.ops;

/** y = x·Wᵀ for a weight W stored row-major [out, in] as in PyTorch, no bias. Plain reference loops. */
public final class Linear {
    private Linear() {
    }

    /** One row: y[o] = Σ_i W[o, i]·x[xOff + i]. */
    public static void matvec(float[] w, int out, int in, float[] x, int xOff, float[] y, int yOff) {
        for (int o = 0; o < out; o++) {
            int base = o * in;
            float acc = 0f;
            for (int i = 0; i < in; i++) acc += w[base + i] * x[xOff + i];
            y[yOff + o] = acc;
        }
    }

    /** Many rows: Y[T, out] = X[T, in]·Wᵀ. */
    public static float[] matmul(float[] x, int rows, int in, float[] w, int out) {
        float[] y = new float[rows * out];
        for (int t = 0; t < rows; t++) matvec(w, out, in, x, t * in, y, t * out);
        return y;
    }
}
