package org.gsaexplorer.model.report;

import java.util.Locale;

/** Numbers as the report's text shows them: a few significant digits, ∞ spelled out. */
final class Format {
    private Format() {
    }

    static String num(double x) {
        if (Double.isNaN(x)) return "n/a";
        if (Double.isInfinite(x)) return x > 0 ? "∞" : "-∞";
        if (x == 0) return "0";
        double a = Math.abs(x);
        if (a >= 1e5 || a < 1e-3) {
            String[] parts = String.format(Locale.ROOT, "%.2e", x).split("e");
            return trim(parts[0]) + "e" + Integer.parseInt(parts[1]);
        }
        return a >= 1000 ? String.format(Locale.ROOT, "%.0f", x) : trim(String.format(Locale.ROOT, "%.4g", x));
    }

    /** Drops trailing zeros after a decimal point, and the point itself when nothing follows. */
    private static String trim(String s) {
        if (s.indexOf('.') < 0) return s;
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
