package org.gsaexplorer.model.ops;

/** RMSNorm(x; w, ε) = x / sqrt(mean(x²) + ε) · w, over rows of width {@code n}; w may be null (no affine weight). */
public final class RmsNorm {
    private RmsNorm() {
    }

    public static void apply(float[] x, int off, int n, float[] w, float eps, float[] y, int yOff) {
        float ss = 0f;
        for (int i = 0; i < n; i++) ss += x[off + i] * x[off + i];
        float r = (float) (1.0 / Math.sqrt(ss / n + eps));
        for (int i = 0; i < n; i++) y[yOff + i] = x[off + i] * r * (w == null ? 1f : w[i]);
    }

    /** Row-wise over a [rows, n] matrix, into a new array. */
    public static float[] rows(float[] x, int rows, int n, float[] w, float eps) {
        float[] y = new float[rows * n];
        for (int t = 0; t < rows; t++) apply(x, t * n, n, w, eps, y, t * n);
        return y;
    }
}
