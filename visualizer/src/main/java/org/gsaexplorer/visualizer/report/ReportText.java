package org.gsaexplorer.visualizer.report;

import org.gsaexplorer.model.report.Finding;
import org.gsaexplorer.model.report.SlotSummary;
import org.gsaexplorer.visualizer.render.Digits;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The report tab's lines of text: progress, the findings summary, one line per finding, the explorer command. */
final class ReportText {
    private ReportText() {
    }

    /** "window 3/79 · 1,234 tokens/s · 45 s left". */
    static String progress(int windowsDone, int windows, long tokensDone, long tokens, double seconds) {
        double rate = seconds > 0 ? tokensDone / seconds : 0;
        String left = rate > 0 ? String.format("%.0f s left", (tokens - tokensDone) / rate) : "…";
        return String.format("window %d/%d · %,.0f tokens/s · %s", windowsDone, windows, rate, left);
    }

    /** "3 findings (2 dead_slot, 1 unread_slot)", kinds worst first; "no findings". */
    static String summary(List<Finding> findings) {
        if (findings.isEmpty()) return "no findings";
        Map<Finding.Kind, Long> byKind = findings.stream().collect(Collectors.groupingBy(Finding::kind, TreeMap::new, Collectors.counting()));
        return findings.size() + (findings.size() == 1 ? " finding (" : " findings (")
                + byKind.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().id).collect(Collectors.joining(", ")) + ")";
    }

    /** One finding as the list shows it: kind, place, evidence numbers. */
    static String line(Finding f) {
        String where = f.kind() == Finding.Kind.READOUT_COLLAPSE
                ? String.format("layer %d, query head %d, slot %d", f.layer(), f.head(), f.slot())
                : f.kind() == Finding.Kind.NON_FINITE && f.layer() < 0 ? "logits"
                : String.format("layer %d, head %d, slot %d", f.layer(), f.head(), f.slot());
        String evidence = f.evidence().entrySet().stream().map(e -> e.getKey() + " " + number(e.getValue())).collect(Collectors.joining(", "));
        return f.kind().id + " · " + where + " · " + evidence;
    }

    /** A slot's figures for the tooltips of its heatmap cells, to four significant digits as every tooltip gives them. */
    static String cell(SlotSummary s) {
        StringBuilder b = new StringBuilder("write s: mean ").append(four(s.meanWrite())).append(", max ").append(four(s.maxWrite()))
                .append("\nα: mean ").append(four(s.meanAlpha())).append(", median half-life ").append(four(s.medianHalfLife())).append(" tokens");
        for (int i = 0; i < s.readers().length; i++)
            b.append("\nquery head ").append(s.readers()[i]).append(": mean readout ").append(four(s.meanReadoutByHead()[i]))
                    .append(", its most read slot at ").append(four(100 * s.argmaxRateByHead()[i])).append(" % of tokens");
        return b.append("\nclick: show it in the views").toString();
    }

    private static String four(double v) {
        return Double.isInfinite(v) ? (v > 0 ? "∞" : "−∞") : Digits.four(v);
    }

    static String number(double v) {
        if (!Double.isFinite(v)) return Double.isNaN(v) ? "n/a" : v > 0 ? "∞" : "−∞";
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return String.format("%d", (long) v);
        return String.format("%.4g", v);
    }

    /** The command that opens the explorer on {@code prompt}, as the HTML report prints it. */
    static String exploreCommand(Path model, String prompt) {
        return "./gsa-explorer explore --model " + shellWord(model.toString()) + " --prompt " + shellWord(prompt);
    }

    /** A word for a POSIX shell: as it is when that is safe, else in single quotes. */
    static String shellWord(String s) {
        if (!s.isEmpty() && s.matches("[A-Za-z0-9_./=:+,@%-]+")) return s;
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
