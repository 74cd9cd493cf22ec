package org.gsaexplorer.model.report;

import java.util.Locale;
import java.util.Set;

/**
 * The report's inline SVG charts, written as well-formed XML so the page opens anywhere without scripts or network:
 * heatmaps of heads × slots with a colour bar, and bar histograms.
 */
final class Svg {
    /** Viridis at five stops, interpolated linearly: dark and blue for low values, yellow for high. */
    private static final int[][] STOPS = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
    private static final int LABEL = 64, BAR = 16, GAP = 8;

    private Svg() {
    }

    static String colour(double t) {
        double x = Double.isFinite(t) ? Math.clamp(t, 0, 1) * (STOPS.length - 1) : 0;
        int i = Math.min((int) x, STOPS.length - 2);
        double f = x - i;
        int[] a = STOPS[i], b = STOPS[i + 1];
        return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(a[0] + f * (b[0] - a[0])),
                Math.round(a[1] + f * (b[1] - a[1])), Math.round(a[2] + f * (b[2] - a[2])));
    }

    /** What one heatmap shows: row-major values, the colour range, row names and a tooltip per cell. */
    record Heatmap(String title, double[] values, int rows, int cols, double lo, double hi, String rowName,
                   java.util.function.IntFunction<String> tooltip, Set<Integer> marked) {
    }

    /** Cells coloured lo → hi with a colour bar below; marked cells (findings) get a red outline. */
    static String heatmap(Heatmap h) {
        int cell = Math.clamp(768 / h.cols(), 4, 14), rowH = 14;
        int width = LABEL + h.cols() * cell + 8, gridH = h.rows() * rowH;
        int height = 20 + gridH + GAP + BAR + 18;
        StringBuilder s = new StringBuilder();
        open(s, width, height, h.title());
        s.append(text(0, 13, "title", h.title()));
        for (int r = 0; r < h.rows(); r++) {
            s.append(text(0, 20 + r * rowH + 11, "label", h.rowName() + " " + r));
            for (int c = 0; c < h.cols(); c++) {
                int i = r * h.cols() + c;
                double t = h.hi() > h.lo() ? (h.values()[i] - h.lo()) / (h.hi() - h.lo()) : 0;
                boolean mark = h.marked().contains(i);
                s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"%s><title>%s</title></rect>",
                        LABEL + c * cell, 20 + r * rowH, cell, rowH, colour(t),
                        mark ? " stroke=\"#e00\" stroke-width=\"1.5\"" : "", ReportHtml.escape(h.tooltip().apply(i))));
            }
        }
        int barY = 20 + gridH + GAP, barW = h.cols() * cell;
        for (int x = 0; x < barW; x += 2)
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"2\" height=\"%d\" fill=\"%s\"/>",
                    LABEL + x, barY, BAR, colour((double) x / Math.max(1, barW - 2))));
        s.append(text(LABEL, barY + BAR + 13, "label", Format.num(h.lo())));
        s.append(text(LABEL + barW, barY + BAR + 13, "label end", Format.num(h.hi())));
        s.append(text(0, barY + 12, "label", "slot 0.." + (h.cols() - 1)));
        return s.append("</svg>").toString();
    }

    /** Bars of counts[i] / total; {@code tips} names each bin, {@code ticks} labels some bins' left edges. */
    static String histogram(String title, long[] counts, String[] tips, java.util.Map<Integer, String> ticks, String xName) {
        long total = 0, max = 1;
        for (long c : counts) {
            total += c;
            max = Math.max(max, c);
        }
        int bar = 8, plotH = 90, width = LABEL + counts.length * bar + 24, height = 20 + plotH + 34;
        StringBuilder s = new StringBuilder();
        open(s, width, height, title);
        s.append(text(0, 13, "title", title));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>",
                LABEL, 20 + plotH, LABEL + counts.length * bar, 20 + plotH));
        s.append(text(0, 20 + 10, "label", Format.percent(total == 0 ? 0 : (double) max / total)));
        s.append(text(0, 20 + plotH, "label", "0 %"));
        for (int i = 0; i < counts.length; i++) {
            int h = (int) Math.round((double) counts[i] / max * plotH);
            String tip = tips[i] + ": " + Format.count(counts[i]) + " (" + Format.percent(total == 0 ? 0 : (double) counts[i] / total) + ")";
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#3b528b\"><title>%s</title></rect>",
                    LABEL + i * bar, 20 + plotH - h, bar - 1, h, ReportHtml.escape(tip)));
        }
        ticks.forEach((i, label) -> s.append(text(LABEL + i * bar, 20 + plotH + 14, "label mid", label)));
        s.append(text(LABEL, 20 + plotH + 30, "label", xName));
        return s.append("</svg>").toString();
    }

    private static void open(StringBuilder s, int width, int height, String title) {
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">",
                width, height, ReportHtml.escape(title)));
    }

    private static String text(int x, int y, String cls, String content) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"%s\">%s</text>", x, y, cls, ReportHtml.escape(content));
    }
}
