package org.gsaexplorer.visualizer.render;

import java.util.Locale;

/** Numbers as tooltips print them: at most four significant digits, so a reader sees the value, not float noise. */
public final class Digits {
    private Digits() {
    }

    /** {@code v} with at most four significant digits (trailing zeros dropped); NaN as "not available". */
    public static String four(double v) {
        if (Double.isNaN(v)) return "not available";
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (Double.isInfinite(v) || a >= 1e5 || a < 1e-4) return String.format(Locale.ROOT, "%.3e", v);
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
