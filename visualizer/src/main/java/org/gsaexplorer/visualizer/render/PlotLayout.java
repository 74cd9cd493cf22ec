package org.gsaexplorer.visualizer.render;

/** Where a heatmap's parts go in a w × h box; shared by the screen and the SVG painters so both look the same. */
public record PlotLayout(double plotX, double plotY, double plotW, double plotH, double barX, double barW) {
    static final double LEFT = 58, TOP = 22, RIGHT = 82, BOTTOM = 26, BAR = 11;

    public static PlotLayout of(double w, double h) {
        double pw = Math.max(10, w - LEFT - RIGHT), ph = Math.max(10, h - TOP - BOTTOM);
        return new PlotLayout(LEFT, TOP, pw, ph, LEFT + pw + 12, BAR);
    }

    /** Cell under (x, y) as {row, col}, or null outside the plot. */
    public int[] cellAt(double x, double y, int rows, int cols) {
        if (x < plotX || y < plotY || x >= plotX + plotW || y >= plotY + plotH) return null;
        return new int[]{(int) ((y - plotY) / plotH * rows), (int) ((x - plotX) / plotW * cols)};
    }

    /** Up to {@code max} evenly spaced tick indices of n, always including the last. */
    public static int[] ticks(int n, int max) {
        if (n <= 0) return new int[0];
        int step = Math.max(1, (int) Math.ceil(n / (double) max));
        int count = (n - 1) / step + 1;
        int[] t = new int[count];
        for (int i = 0; i < count; i++) t[i] = i * step;
        if (t[count - 1] != n - 1 && n - 1 - t[count - 1] > step / 2) {
            t = java.util.Arrays.copyOf(t, count + 1);
            t[count] = n - 1;
        }
        return t;
    }

    /** A compact number for axis and scale labels. */
    public static String format(double v) {
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e4 || a < 1e-3) return String.format("%.2e", v);
        if (a >= 100) return String.format("%.0f", v);
        if (a >= 10) return String.format("%.1f", v);
        return String.format("%.3f", v);
    }
}
