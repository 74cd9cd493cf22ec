package org.gsaexplorer.model.report;

import java.util.Arrays;
import java.util.Set;

/**
 * For each of n items (slots, heads), the corpus window where a per-window mean was lowest (or highest) and that mean:
 * the window a finding points to. Ties go to the earlier window, so merging shards in any order gives one answer.
 */
final class WindowExtremes {
    private final boolean highest;
    private final double[] value;
    private final int[] window;

    WindowExtremes(int n, boolean highest) {
        this.highest = highest;
        value = new double[n];
        Arrays.fill(value, highest ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        window = new int[n];
        Arrays.fill(window, -1);
    }

    void offer(int i, double v, int w) {
        if (Double.isNaN(v)) return;
        boolean better = window[i] < 0 || (highest ? v > value[i] : v < value[i]) || v == value[i] && w < window[i];
        if (!better) return;
        value[i] = v;
        window[i] = w;
    }

    void merge(WindowExtremes o) {
        for (int i = 0; i < value.length; i++) if (o.window[i] >= 0) offer(i, o.value[i], o.window[i]);
    }

    /** The window of item i, or -1 when none was seen. */
    int window(int i) {
        return window[i];
    }

    /** Adds every window some item points to. */
    void windows(Set<Integer> out) {
        for (int w : window) if (w >= 0) out.add(w);
    }

    double value(int i) {
        return value[i];
    }
}
