package org.gsaexplorer.model.ops;

/**
 * FLA's short convolution: a depthwise causal conv over time with zero left padding, then SiLU:
 * y_t[c] = SiLU(Σ_{j<W} w[c, j]·x_{t−W+1+j}[c]). The state is the last W−1 raw inputs per channel, oldest first.
 */
public final class ShortConv {
    private ShortConv() {
    }

    /**
     * Convolves rows [T, C] of {@code x} in place, continuing from {@code state} ([C][W−1] flattened as c·(W−1)+j,
     * oldest first), which is updated to the last W−1 inputs.
     */
    public static void forward(float[] x, int rows, int channels, float[] w, int width, float[] state) {
        int hist = width - 1;
        float[] raw = x.clone();
        for (int t = 0; t < rows; t++) {
            for (int c = 0; c < channels; c++) {
                float acc = 0f;
                for (int j = 0; j < width; j++) {
                    int src = t - hist + j; // position of tap j relative to this call's first row
                    float v = src >= 0 ? raw[src * channels + c] : state[c * hist + hist + src];
                    acc += w[c * width + j] * v;
                }
                x[t * channels + c] = Activations.silu(acc);
            }
        }
        if (hist == 0) return;
        float[] next = new float[state.length];
        for (int c = 0; c < channels; c++) {
            for (int j = 0; j < hist; j++) {
                int src = rows - hist + j;
                next[c * hist + j] = src >= 0 ? raw[src * channels + c] : state[c * hist + hist + src];
            }
        }
        System.arraycopy(next, 0, state, 0, state.length);
    }
}
