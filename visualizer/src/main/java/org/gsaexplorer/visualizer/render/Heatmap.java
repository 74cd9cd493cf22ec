package org.gsaexplorer.visualizer.render;

import java.util.function.IntFunction;

/**
 * A matrix as a view draws it: row-major values (NaN = not available), the colour scale and what rows, columns and
 * values mean. Immutable; the exporters write exactly these numbers.
 *
 * @param min      bottom of the colour bar (under {@link ColorScale#ROW}: only its sign matters, each row has its own range)
 * @param max      top of the colour bar
 * @param rowName  label of row r (e.g. "slot 12" or a token), for tooltips and exports
 * @param colName  label of column c
 * @param markCol  a column to outline (the current token), or −1
 * @param markRow  a row to outline (the chosen slot), or −1
 * @param scale    how values map onto the colours between min and max
 * @param badge    a note drawn beside the title ("ablated: no-forget"), or null
 */
public record Heatmap(String title, String rowAxis, String colAxis, String valueName, int rows, int cols, float[] values,
                      double min, double max, ColorMap colors, IntFunction<String> rowName, IntFunction<String> colName,
                      int markCol, int markRow, ColorScale scale, String badge) {

    public Heatmap {
        if (values.length != rows * cols) throw new IllegalArgumentException(rows + "x" + cols + " needs " + rows * cols + " values");
        if (scale == null) scale = ColorScale.LINEAR;
    }

    /** A heatmap on a linear scale with no row marked and no badge. */
    public Heatmap(String title, String rowAxis, String colAxis, String valueName, int rows, int cols, float[] values,
                   double min, double max, ColorMap colors, IntFunction<String> rowName, IntFunction<String> colName, int markCol) {
        this(title, rowAxis, colAxis, valueName, rows, cols, values, min, max, colors, rowName, colName, markCol, -1,
                ColorScale.LINEAR, null);
    }

    public float value(int r, int c) {
        return values[r * cols + c];
    }

    public Heatmap withTitle(String t) {
        return new Heatmap(t, rowAxis, colAxis, valueName, rows, cols, values, min, max, colors, rowName, colName, markCol, markRow, scale, badge);
    }

    public Heatmap withBadge(String b) {
        return new Heatmap(title, rowAxis, colAxis, valueName, rows, cols, values, min, max, colors, rowName, colName, markCol, markRow, scale, b);
    }

    public Heatmap withMarkRow(int r) {
        return new Heatmap(title, rowAxis, colAxis, valueName, rows, cols, values, min, max, colors, rowName, colName, markCol, r, scale, badge);
    }

    /** The same numbers drawn on {@code s} over [lo, hi]. */
    public Heatmap withScale(ColorScale s, double lo, double hi) {
        return new Heatmap(title, rowAxis, colAxis, valueName, rows, cols, values, lo, hi, colors, rowName, colName, markCol, markRow, s, badge);
    }

    /** The same numbers on scale {@code s}, over the range {@code s} gives them from this heatmap's range. */
    public Heatmap rescaled(ColorScale s) {
        double[] r = s.range(this);
        return withScale(s, r[0], r[1]);
    }

    /** Fills {@code argb} (cols × rows, row 0 at the top) with the colours of the cells; NaN cells are dark grey. */
    public void raster(int[] argb) {
        for (int r = 0; r < rows; r++) {
            double[] range = rowRange(r);
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                float v = values[i];
                argb[i] = Float.isNaN(v) ? 0xff2a2a2e : colors.entry(scale.index(v, range[0], range[1]));
            }
        }
    }

    /** The colour of cell (r, c), as {@link #raster} paints it. */
    public int argb(int r, int c) {
        float v = value(r, c);
        double[] range = rowRange(r);
        return Float.isNaN(v) ? 0xff2a2a2e : colors.entry(scale.index(v, range[0], range[1]));
    }

    /** The range row {@code r} is coloured on: the heatmap's, or under {@link ColorScale#ROW} the row's own. */
    private double[] rowRange(int r) {
        if (scale != ColorScale.ROW) return new double[]{min, max};
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < cols; c++) {
            float v = values[r * cols + c];
            if (!Float.isFinite(v)) continue;
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (lo > hi) return new double[]{0, 1};
        if (min < 0) {
            double a = Math.max(Math.max(Math.abs(lo), Math.abs(hi)), 1e-9);
            return new double[]{-a, a};
        }
        return new double[]{lo, Math.max(hi, lo + 1e-9)};
    }

    /** The colour bar's label at fraction {@code f} (0 bottom, 1 top) of its height. */
    public String barLabel(double f) {
        if (scale == ColorScale.ROW) return f >= 1 ? "row max" : f <= 0 ? (min < 0 ? "−row max" : "row min") : "";
        String v = PlotLayout.format(scale.valueAt(f, min, max));
        return scale == ColorScale.PERCENTILE && f >= 1 ? "≥" + v : v;
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
