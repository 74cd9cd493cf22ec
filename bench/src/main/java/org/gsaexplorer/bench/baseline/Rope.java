package org.gsaexplorer.bench.baseline;

/**
 * Rotary position embedding in the rotate-half convention (Llama, HF): within each head, dimension i pairs with
 * i + d/2 and the pair turns by angle p·θ^(−2i/d) at position p.
 */
final class Rope {
    private final int headDim;
    private final double[] invFreq;

    Rope(int headDim, double theta) {
        if (headDim % 2 != 0) throw new IllegalArgumentException("RoPE needs an even head dimension, not " + headDim);
        this.headDim = headDim;
        invFreq = new double[headDim / 2];
        for (int i = 0; i < invFreq.length; i++) invFreq[i] = Math.pow(theta, -2.0 * i / headDim);
    }

    /** Cos and sin tables [rows][d/2] for positions start, start+1, ... (shared by all layers and heads of a forward). */
    float[][] tables(int start, int rows) {
        int half = headDim / 2;
        float[] cos = new float[rows * half], sin = new float[rows * half];
        for (int t = 0; t < rows; t++)
            for (int i = 0; i < half; i++) {
                double a = (start + t) * invFreq[i];
                cos[t * half + i] = (float) Math.cos(a);
                sin[t * half + i] = (float) Math.sin(a);
            }
        return new float[][]{cos, sin};
    }

    /** Rotates x [rows][heads·d] in place with tables from {@link #tables}. */
    void apply(float[] x, int rows, int heads, float[][] tables) {
        int half = headDim / 2;
        float[] cos = tables[0], sin = tables[1];
        for (int t = 0; t < rows; t++)
            for (int h = 0; h < heads; h++) {
                int base = (t * heads + h) * headDim;
                for (int i = 0; i < half; i++) {
                    float c = cos[t * half + i], s = sin[t * half + i];
                    float x1 = x[base + i], x2 = x[base + half + i];
                    x[base + i] = x1 * c - x2 * s;
                    x[base + half + i] = x2 * c + x1 * s;
                }
            }
    }
}
