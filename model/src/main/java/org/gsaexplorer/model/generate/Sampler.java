package org.gsaexplorer.model.generate;

import org.gsaexplorer.model.error.GsaException;

import java.util.Random;

/**
 * Chooses the next token from logits: greedy (temperature 0) or sampling from softmax(logits / temperature) over the
 * {@code topK} most likely tokens (0 = all). Seeded, so a run can be repeated.
 */
public record Sampler(double temperature, int topK, long seed) {
    public static final Sampler GREEDY = new Sampler(0, 0, 0);

    public Sampler {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) throw new GsaException("temperature must be 0 (greedy) or positive, not " + temperature);
        if (topK < 0) throw new GsaException("top-k must be 0 (all tokens) or positive, not " + topK);
    }

    public boolean greedy() {
        return temperature == 0;
    }

    /** Picks a token; {@code random} carries the sampling stream across calls. */
    public int next(float[] logits, Random random) {
        if (greedy()) return argmax(logits);
        int[] order = topIndices(logits, topK == 0 ? logits.length : Math.min(topK, logits.length));
        double max = logits[order[0]];
        double[] w = new double[order.length];
        double sum = 0;
        for (int i = 0; i < order.length; i++) sum += w[i] = Math.exp((logits[order[i]] - max) / temperature);
        double u = random.nextDouble() * sum;
        for (int i = 0; i < order.length; i++) if ((u -= w[i]) < 0) return order[i];
        return order[order.length - 1];
    }

    public static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
        return best;
    }

    /** Indices of the k largest values, largest first (ties: lower index first). */
    public static int[] topIndices(float[] x, int k) {
        int[] top = new int[k];
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (n == k && x[i] <= x[top[k - 1]]) continue;
            int j = n < k ? n++ : k - 1;
            while (j > 0 && x[top[j - 1]] < x[i]) {
                top[j] = top[j - 1];
                j--;
            }
            top[j] = i;
        }
        return top;
    }
}
