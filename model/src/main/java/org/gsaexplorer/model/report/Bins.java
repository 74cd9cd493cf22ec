package org.gsaexplorer.model.report;

/**
 * The report's fixed histograms, the same for every run so that statistics of shards merge by adding counts.
 * Write weight and α: {@value #UNIT} equal bins over [0, 1]. Half-life ln 0.5 / ln α: bin 0 holds α = 0 (half-life
 * 0), then {@value #PER_DECADE} log-spaced bins per decade from 10^{@value #LOW_EXP} to 10^{@value #HIGH_EXP} tokens,
 * then one bin for 10^{@value #HIGH_EXP} and beyond (α within float rounding of 1, half-life ∞). The median half-life
 * is read from this histogram, which keeps it streaming and mergeable at the price of resolution: geometric
 * interpolation within a bin 10^(1/6) ≈ 1.47 wide.
 */
public final class Bins {
    public static final int UNIT = 20, PER_DECADE = 6, LOW_EXP = -3, HIGH_EXP = 7;
    public static final int HALF_LIFE = (HIGH_EXP - LOW_EXP) * PER_DECADE + 2;
    /** α at which the half-life reaches edge k; binning compares α with these, so no logarithm per value. */
    private static final double[] ALPHA_AT_EDGE = new double[HALF_LIFE - 1];

    static {
        for (int k = 0; k < ALPHA_AT_EDGE.length; k++) ALPHA_AT_EDGE[k] = Math.pow(0.5, 1 / halfLifeEdge(k));
    }

    private Bins() {
    }

    /** Bin of a value in [0, 1] (values outside go to the end bins). */
    public static int unit(float x) {
        int b = (int) (x * UNIT);
        return b < 0 ? 0 : Math.min(b, UNIT - 1);
    }

    /** Lower edge of unit bin b. */
    public static double unitEdge(int b) {
        return (double) b / UNIT;
    }

    /** Half-life edge k in tokens: bin k + 1 covers [edge k, edge k + 1). */
    public static double halfLifeEdge(int k) {
        return Math.pow(10, LOW_EXP + (double) k / PER_DECADE);
    }

    /** Half-life bin of a token whose gate is α: the number of edges its half-life reaches. */
    public static int halfLife(float alpha) {
        int lo = 0, hi = ALPHA_AT_EDGE.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (alpha >= ALPHA_AT_EDGE[mid]) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** The bin a half-life in tokens falls in (for histograms of per-slot medians). */
    public static int halfLifeBin(double tokens) {
        if (!(tokens > 0)) return 0;
        int k = 0;
        while (k < HALF_LIFE - 1 && tokens >= halfLifeEdge(k)) k++;
        return k;
    }

    /** Median of a half-life histogram (counts[off, off + HALF_LIFE)): 0, a number of tokens, or +∞; NaN when empty. */
    public static double medianHalfLife(long[] counts, int off) {
        long n = 0;
        for (int b = 0; b < HALF_LIFE; b++) n += counts[off + b];
        if (n == 0) return Double.NaN;
        double half = n / 2.0, below = 0;
        for (int b = 0; b < HALF_LIFE; b++) {
            long c = counts[off + b];
            if (below + c >= half && c > 0) {
                if (b == 0) return 0;
                if (b == HALF_LIFE - 1) return Double.POSITIVE_INFINITY;
                double lo = halfLifeEdge(b - 1), hi = halfLifeEdge(b);
                return lo * Math.pow(hi / lo, (half - below) / c);
            }
            below += c;
        }
        throw new IllegalStateException("unreachable: counts sum to " + n);
    }
}
