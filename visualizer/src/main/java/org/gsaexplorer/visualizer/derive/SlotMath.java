package org.gsaexplorer.visualizer.derive;

import org.gsaexplorer.model.eval.TokenLoss;

/**
 * Quantities derived from the recorded gates and readouts (docs/gsa-forward.md §6). Pure functions over plain
 * arrays so they are tested without an engine. Gates are indexed [t][m] for one kv head, readouts [t][m] for one query
 * head (with GQA, query head h reads kv head h / G).
 *
 * <p>The write weight is taken from the recorded {@code write} array rather than recomputed as 1 − α: they agree for the
 * trained model, and under the no-forget ablation (α = 1, write = the model's own 1 − α) only the recorded one is right.
 */
public final class SlotMath {
    private static final double LN_HALF = Math.log(0.5);

    private SlotMath() {
    }

    /** Tokens after which a slot keeps half of its content: ln 0.5 / ln α (∞ for α = 1, 0 for α = 0). */
    public static double halfLife(double alpha) {
        if (alpha >= 1) return Double.POSITIVE_INFINITY;
        if (alpha <= 0) return 0;
        return LN_HALF / Math.log(alpha);
    }

    /**
     * How much token s (for s = 0..t) still contributes to slot m at token t: w_s = write_s · Π_{s<r≤t} α_r.
     *
     * @param alpha [T][M] forget gates of one kv head
     * @param write [T][M] write weights of the same head
     * @return weights for s = 0..t
     */
    public static double[] provenance(float[][] alpha, float[][] write, int slot, int t) {
        double[] w = new double[t + 1];
        double decay = 1;
        for (int s = t; s >= 0; s--) {
            w[s] = write[s][slot] * decay;
            decay *= alpha[s][slot];
        }
        return w;
    }

    /**
     * The token-to-token attention the value pass applies, A[t][s] = Σ_i p_t[i] · write_s[i] · Π_{s<r≤t} α_r[i], for
     * t, s in [0, T) (zero above the diagonal). Row t sums to Σ_i p_t[i] · (1 − Π_{r≤t} α_r[i]) ≤ 1: the rest is
     * content already forgotten (or, for a window that starts mid-sequence, written before the window).
     *
     * @param readout [T][M] readout weights of the query head
     * @param alpha   [T][M] gates of its kv head
     * @param write   [T][M] write weights of its kv head
     */
    public static float[][] implicitAttention(float[][] readout, float[][] alpha, float[][] write) {
        int n = readout.length, m = n == 0 ? 0 : readout[0].length;
        float[][] a = new float[n][n];
        double[] prod = new double[m];
        for (int t = 0; t < n; t++) {
            java.util.Arrays.fill(prod, 1.0);
            float[] p = readout[t];
            for (int s = t; s >= 0; s--) {
                float[] w = write[s], al = alpha[s];
                double sum = 0;
                for (int i = 0; i < m; i++) {
                    sum += p[i] * w[i] * prod[i];
                    prod[i] *= al[i];
                }
                a[t][s] = (float) sum;
            }
        }
        return a;
    }

    /** Shannon entropy in nats of a distribution (entries ≤ 0 contribute nothing). */
    public static double entropy(float[] p) {
        double h = 0;
        for (float x : p) if (x > 0) h -= x * Math.log(x);
        return h;
    }

    /** The kv head that query head {@code h} reads, with {@code groups} query heads per kv head. */
    public static int kvHeadOf(int h, int groups) {
        return h / groups;
    }

    /** Numerically stable log-softmax of logits. */
    public static double[] logSoftmax(float[] logits) {
        double lse = TokenLoss.logSumExp(logits, 0, logits.length);
        double[] out = new double[logits.length];
        for (int i = 0; i < out.length; i++) out[i] = logits[i] - lse;
        return out;
    }
}
