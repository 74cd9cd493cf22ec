package org.gsaexplorer.visualizer.render;

import java.util.Arrays;

/**
 * How a heatmap's values map onto its colour map. Readouts and implicit attention are dominated by a few one-hot reads
 * of the first tokens (1.0 against ≤ 0.04 elsewhere), which a linear scale paints almost all black; the other scales
 * spread the rest of the values over the colours. The numbers themselves (tooltips, exports) never change.
 */
public enum ColorScale {
    /** [min, max] of the values. */
    LINEAR("linear"),
    /** The top clipped at the 99th percentile of the finite values (of |v| for signed ones): outliers saturate. */
    PERCENTILE("clip at 99th percentile"),
    /** log10 of the values from max·10⁻⁴ (or the smallest positive value, if larger) to max. */
    LOG("log"),
    /** Each row on its own range: [row min, row max], or ±row max |v| for signed values. */
    ROW("per row");

    static final double CLIP = 0.99, LOG_DECADES = 4;
    public final String label;

    ColorScale(String label) {
        this.label = label;
    }

    /** The colour bar's range of {@code h} under this scale, from its natural range [h.min(), h.max()]. */
    double[] range(Heatmap h) {
        double lo = h.min(), hi = h.max();
        return switch (this) {
            case LINEAR, ROW -> new double[]{lo, hi};
            case PERCENTILE -> {
                boolean signed = lo < 0;
                float[] finite = finite(h.values(), signed);
                if (finite.length == 0) yield new double[]{lo, hi};
                Arrays.sort(finite);
                double p = finite[Math.min(finite.length - 1, (int) Math.floor(CLIP * (finite.length - 1)))];
                if (signed) p = Math.max(p, 1e-9);
                else p = Math.max(p, lo + 1e-9);
                yield signed ? new double[]{-p, p} : new double[]{lo, Math.min(hi, p)};
            }
            case LOG -> {
                double smallest = Double.POSITIVE_INFINITY;
                for (float v : h.values()) if (v > 0 && v < smallest) smallest = v;
                if (!(hi > 0)) yield new double[]{lo, hi};
                double floor = Math.max(hi * Math.pow(10, -LOG_DECADES), Math.min(smallest, hi));
                yield new double[]{floor, Math.max(hi, floor * 1.0001)};
            }
        };
    }

    /** Colour table index of {@code v} on [lo, hi] under this scale (for {@link #ROW}, the row's own range). */
    int index(double v, double lo, double hi) {
        if (this == LOG && lo > 0) return ColorMap.index(Math.log10(Math.max(v, lo)), Math.log10(lo), Math.log10(hi));
        return ColorMap.index(v, lo, hi);
    }

    /** The value at fraction {@code f} up the colour bar [lo, hi]. */
    double valueAt(double f, double lo, double hi) {
        if (this == LOG && lo > 0) return Math.pow(10, Math.log10(lo) + f * (Math.log10(hi) - Math.log10(lo)));
        return lo + f * (hi - lo);
    }

    private static float[] finite(float[] v, boolean abs) {
        float[] out = new float[v.length];
        int n = 0;
        for (float x : v) if (Float.isFinite(x)) out[n++] = abs ? Math.abs(x) : x;
        return Arrays.copyOf(out, n);
    }
}
