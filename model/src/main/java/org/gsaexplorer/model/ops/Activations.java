package org.gsaexplorer.model.ops;

/** Pointwise functions of the forward pass. */
public final class Activations {
    private Activations() {
    }

    public static float sigmoid(float x) {
        return 1f / (1f + (float) Math.exp(-x));
    }

    /** SiLU / swish: x·σ(x). */
    public static float silu(float x) {
        return x / (1f + (float) Math.exp(-x));
    }

    /** log σ(x), computed without overflow: min(x, 0) − log(1 + e^{−|x|}). */
    public static float logSigmoid(float x) {
        return Math.min(x, 0f) - (float) Math.log1p(Math.exp(-Math.abs(x)));
    }

    public static void siluInPlace(float[] x, int from, int to) {
        for (int i = from; i < to; i++) x[i] = silu(x[i]);
    }
}
