package org.gsaexplorer.bench;

import java.util.Arrays;

/** Summary of repeated measurements: the median (robust to a noisy machine) and the range. */
public record Stats(double median, double min, double max, int n) {

    public static Stats of(double... samples) {
        if (samples.length == 0) throw new IllegalArgumentException("no samples");
        double[] s = samples.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        double median = s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
        return new Stats(median, s[0], s[s.length - 1], s.length);
    }

    /** (max − min) / median, the relative spread. */
    public double spread() {
        return median == 0 ? 0 : (max - min) / median;
    }

    /** The same measurements as rates: 1/x scaled by {@code k} (e.g. ms/token → tokens/s with k = 1000). */
    public Stats inverse(double k) {
        return new Stats(k / median, k / max, k / min, n);
    }
}
