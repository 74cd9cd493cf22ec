package org.gsaexplorer.visualizer.render;

import java.util.function.IntFunction;

/**
 * A matrix as a view draws it: row-major values (NaN = not available), the colour scale and what rows, columns and
 * values mean. Immutable; the exporters write exactly these numbers.
 *
 * @param rowName  label of row r (e.g. "slot 12" or a token), for tooltips and exports
 * @param colName  label of column c
 * @param markCol  a column to outline (the current token), or −1
 */
public record Heatmap(String title, String rowAxis, String colAxis, String valueName, int rows, int cols, float[] values,
                      double min, double max, ColorMap colors, IntFunction<String> rowName, IntFunction<String> colName,
                      int markCol) {

    public Heatmap {
        if (values.length != rows * cols) throw new IllegalArgumentException(rows + "x" + cols + " needs " + rows * cols + " values");
    }

    public float value(int r, int c) {
        return values[r * cols + c];
    }

    /** Fills {@code argb} (cols × rows, row 0 at the top) with the colours of the cells; NaN cells are dark grey. */
    public void raster(int[] argb) {
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            argb[i] = Float.isNaN(v) ? 0xff2a2a2e : colors.argb(v, min, max);
        }
    }

    /** The scale [0, max] or [min, max] a matrix's finite values span (at least a tiny range). */
    public static double[] range(float[] v, boolean fromZero) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (float x : v) if (!Float.isNaN(x) && !Float.isInfinite(x)) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        if (lo > hi) return new double[]{0, 1};
        if (fromZero) lo = Math.min(0, lo);
        if (hi - lo < 1e-9) hi = lo + 1e-9;
        return new double[]{lo, hi};
    }
}
