package org.gsaexplorer.bench.baseline;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded random weights for the baselines: uniform with the standard deviation of a trained model's init (0.02), so
 * activations keep sensible magnitudes; timing does not depend on the values, only on the sizes.
 */
final class RandomWeights {
    static final double INIT_STD = 0.02;

    private final SplittableRandom random;
    private final double halfWidth;
    private long count;

    RandomWeights(long seed, double std) {
        random = new SplittableRandom(seed);
        halfWidth = std * Math.sqrt(3);
    }

    /** A [rows, cols] matrix. */
    float[] matrix(int rows, int cols) {
        long n = (long) rows * cols;
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(rows + " x " + cols + " does not fit one Java array");
        float[] w = new float[(int) n];
        for (int i = 0; i < w.length; i++) w[i] = (float) random.nextDouble(-halfWidth, halfWidth);
        count += n;
        return w;
    }

    /** A norm weight, all ones as at init. */
    float[] ones(int n) {
        float[] w = new float[n];
        Arrays.fill(w, 1f);
        count += n;
        return w;
    }

    /** Parameters handed out so far. */
    long count() {
        return count;
    }
}
