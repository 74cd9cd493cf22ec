package org.gsaexplorer.model.report;

import org.gsaexplorer.model.report.Finding.Kind;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.gsaexplorer.model.report.Format.num;

/**
 * REPORT.html: one self-contained page (inline SVG and CSS, no scripts, nothing fetched), written as well-formed
 * XHTML so any browser or XML tool reads it. A summary of the findings by kind, worst first; per layer heatmaps of
 * mean write weight, mean α and mean readout weight over heads × slots, half-life histograms and the query heads'
 * readout entropy; each finding with its evidence; and each corpus window a finding points to, with its text and a
 * command that opens the explorer on it.
 */
public final class ReportHtml {
    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:24px;max-width:1100px;color:#222}
            h1{font-size:1.5em}h2{margin-top:2em;border-bottom:1px solid #ccc}h3{margin-top:1.5em}
            table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}
            td.n{text-align:right;font-variant-numeric:tabular-nums}.meta{color:#555}
            .kind{font-family:monospace;font-weight:bold}.ok{color:#2a7a2a}
            pre{background:#f4f4f4;padding:8px;white-space:pre-wrap;word-break:break-all;max-height:24em;overflow:auto}
            svg{display:block;margin:6px 0 14px 0}svg .title{font-size:13px;font-weight:bold}
            svg .label{font-size:10px;fill:#444}svg .end{text-anchor:end}svg .mid{text-anchor:middle}
            """;

    private ReportHtml() {
    }

    public static void write(Report r, OutputStream out) throws IOException {
        out.write(page(r).getBytes(StandardCharsets.UTF_8));
    }

    static String page(Report r) {
        SlotStatistics st = r.stats();
        StringBuilder b = new StringBuilder(1 << 16);
        b.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head><meta charset=\"utf-8\"/>")
                .append("<title>Checkpoint health: ").append(escape(r.model())).append("</title><style>").append(STYLE)
                .append("</style></head>\n<body>\n<h1>Checkpoint health report</h1>\n");
        b.append("<p class=\"meta\">Model <code>").append(escape(r.model())).append("</code> on the ").append(escape(r.backend()))
                .append(" backend; data <code>").append(escape(r.data())).append("</code>: ").append(Format.count(st.tokens()))
                .append(" tokens in ").append(Format.count(st.windows())).append(" windows of up to ").append(r.window())
                .append(" tokens, each from the empty state; ").append(String.format(java.util.Locale.ROOT, "%.1f", r.seconds()))
                .append(" s. Bits per token: <b>").append(num(st.bitsPerToken())).append("</b>.</p>\n");
        summary(b, r);
        b.append("<p>Layers:");
        for (int l = 0; l < st.layers(); l++) b.append(" <a href=\"#layer-").append(l).append("\">").append(l).append("</a>");
        b.append("</p>\n");
        int[] range = halfLifeRange(st);
        for (int l = 0; l < st.layers(); l++) layer(b, r, l, range);
        details(b, r);
        windows(b, r);
        return b.append("</body>\n</html>\n").toString();
    }

    private static void summary(StringBuilder b, Report r) {
        b.append("<h2 id=\"summary\">Summary</h2>\n");
        Thresholds t = r.thresholds();
        if (r.findings().isEmpty()) {
            b.append("<p class=\"ok\">No findings: every slot is written, forgets and is read, and no query head's readout collapses.</p>\n");
        } else {
            Map<Kind, Integer> byKind = new EnumMap<>(Kind.class);
            for (Finding f : r.findings()) byKind.merge(f.kind(), 1, Integer::sum);
            b.append("<table><tr><th>kind</th><th>count</th><th>meaning</th></tr>\n");
            byKind.forEach((k, n) -> b.append("<tr><td class=\"kind\">").append(k.id).append("</td><td class=\"n\">").append(n)
                    .append("</td><td>").append(escape(k.meaning)).append("</td></tr>\n"));
            b.append("</table>\n<ol>\n");
            for (int i = 0; i < r.findings().size(); i++) {
                Finding f = r.findings().get(i);
                b.append("<li><a href=\"#finding-").append(i).append("\"><span class=\"kind\">").append(f.kind().id)
                        .append("</span> ").append(escape(where(f))).append("</a>: ").append(escape(f.detail())).append("</li>\n");
            }
            b.append("</ol>\n");
        }
        b.append("<p class=\"meta\">Thresholds: dead when max write &lt; ").append(num(t.deadWrite()))
                .append("; amnesic when mean α &lt; ").append(num(t.amnesicAlpha())).append("; frozen when mean α &gt; ")
                .append(num(t.frozenAlpha())).append(" and written; unread when every reader's mean readout &lt; 1/(")
                .append(num(t.unreadFactor())).append("·M) = ").append(num(t.unreadWeight(r.stats().slots())))
                .append("; collapse when mean entropy &lt; ").append(num(t.collapseEntropy())).append(" nats or one slot takes &gt; ")
                .append(escape(Format.percent(t.collapseShare()))).append(" of a head's readout. ")
                .append(Format.count(r.stats().nonFinite())).append(" non-finite values.</p>\n");
    }

    static String where(Finding f) {
        return switch (f.kind()) {
            case NON_FINITE -> f.layer() < 0 ? "logits" : "layer " + f.layer();
            case READOUT_COLLAPSE -> "layer " + f.layer() + ", query head " + f.head() + " (slot " + f.slot() + ")";
            default -> "layer " + f.layer() + ", kv head " + f.head() + ", slot " + f.slot();
        };
    }

    private static void layer(StringBuilder b, Report r, int l, int[] halfLifeRange) {
        SlotStatistics st = r.stats();
        int hkv = st.kvHeads(), hq = st.queryHeads(), m = st.slots();
        SlotSummary[] slots = new SlotSummary[hkv * m];
        double[] write = new double[hkv * m], alpha = new double[hkv * m], readout = new double[hq * m];
        long[] tokenHalfLives = new long[Bins.HALF_LIFE], slotHalfLives = new long[Bins.HALF_LIFE];
        for (int h = 0; h < hkv; h++)
            for (int s = 0; s < m; s++) {
                SlotSummary sum = slots[h * m + s] = st.slot(l, h, s);
                write[h * m + s] = sum.meanWrite();
                alpha[h * m + s] = sum.meanAlpha();
                for (int i = 0; i < sum.readers().length; i++) readout[sum.readers()[i] * m + s] = sum.meanReadoutByHead()[i];
                for (int k = 0; k < Bins.HALF_LIFE; k++) tokenHalfLives[k] += sum.halfLifeHist()[k];
                slotHalfLives[Bins.halfLifeBin(sum.medianHalfLife())]++;
            }
        Set<Integer> gateMarks = new HashSet<>(), readMarks = new HashSet<>();
        for (Finding f : r.findings()) {
            if (f.layer() != l) continue;
            switch (f.kind()) {
                case DEAD_SLOT, AMNESIC_SLOT, FROZEN_SLOT -> gateMarks.add(f.head() * m + f.slot());
                case UNREAD_SLOT -> {
                    for (int q : slots[f.head() * m + f.slot()].readers()) readMarks.add(q * m + f.slot());
                }
                case READOUT_COLLAPSE -> readMarks.add(f.head() * m + f.slot());
                default -> { }
            }
        }
        b.append("<h2 id=\"layer-").append(l).append("\">Layer ").append(l).append("</h2>\n");
        b.append(Svg.heatmap(new Svg.Heatmap("Mean write weight s = 1 − α (kv heads × slots)", write, hkv, m, 0, max(write), "kv head",
                i -> "kv head " + i / m + ", slot " + i % m + ": mean write " + num(write[i]) + ", max " + num(slots[i].maxWrite()), gateMarks)));
        b.append(Svg.heatmap(new Svg.Heatmap("Mean forget gate α (kv heads × slots)", alpha, hkv, m, 0, 1, "kv head",
                i -> "kv head " + i / m + ", slot " + i % m + ": mean α " + num(alpha[i]) + ", median half-life "
                        + num(slots[i].medianHalfLife()) + " tokens", gateMarks)));
        b.append(Svg.heatmap(new Svg.Heatmap("Mean readout weight (query heads × slots)", readout, hq, m, 0, max(readout), "head",
                i -> "query head " + i / m + ", slot " + i % m + ": mean readout " + num(readout[i]), readMarks)));
        b.append("<p class=\"meta\">Red outlines: slots with findings. Hover a cell for its figures.</p>\n");
        b.append(halfLifeChart("Half-life ln 0.5 / ln α per token, all slots of the layer", tokenHalfLives, halfLifeRange));
        b.append(halfLifeChart("Median half-life per slot", slotHalfLives, halfLifeRange));
        b.append("<table><tr><th>query head</th><th>kv head</th><th>mean readout entropy (nats)</th><th>most read slot</th><th>its share</th></tr>\n");
        for (int q = 0; q < hq; q++) {
            HeadSummary h = st.head(l, q);
            b.append("<tr><td class=\"n\">").append(q).append("</td><td class=\"n\">").append(h.kvHead()).append("</td><td class=\"n\">")
                    .append(num(h.meanEntropy())).append("</td><td class=\"n\">").append(h.topSlot()).append("</td><td class=\"n\">")
                    .append(escape(Format.percent(h.topShare()))).append("</td></tr>\n");
        }
        b.append("</table>\n");
    }

    private static double max(double[] a) {
        double m = 0;
        for (double x : a) if (Double.isFinite(x)) m = Math.max(m, x);
        return m;
    }

    /**
     * The half-life bins any slot of the model reached, one more on each side where there is one: the charts of all
     * layers share this axis, and the decades no token reached (most of 1e-3..1e7) are left out.
     */
    private static int[] halfLifeRange(SlotStatistics st) {
        int lo = Bins.HALF_LIFE - 1, hi = 0;
        for (int i = 0; i < st.halfLifeHist.length; i++)
            if (st.halfLifeHist[i] > 0) {
                lo = Math.min(lo, i % Bins.HALF_LIFE);
                hi = Math.max(hi, i % Bins.HALF_LIFE);
            }
        return lo > hi ? new int[]{0, Bins.HALF_LIFE - 1} : new int[]{Math.max(0, lo - 1), Math.min(Bins.HALF_LIFE - 1, hi + 1)};
    }

    /** A histogram of half-life bins [range[0], range[1]], each bin named, decades and the end bins labelled. */
    private static String halfLifeChart(String title, long[] counts, int[] range) {
        int lo = range[0], hi = range[1], last = Bins.HALF_LIFE - 1;
        String[] tips = new String[hi - lo + 1];
        Map<Integer, String> ticks = new TreeMap<>();
        for (int k = lo; k <= hi; k++) {
            tips[k - lo] = k == 0 ? "α = 0 (half-life 0)" : k == last ? "≥ " + num(Bins.halfLifeEdge(last - 1)) + " tokens or ∞ (α rounds to 1)"
                    : "[" + num(Bins.halfLifeEdge(k - 1)) + ", " + num(Bins.halfLifeEdge(k)) + ") tokens";
            if (k == 0) ticks.put(0, "0");
            else if (k == last) ticks.put(k - lo, "∞");
            else if ((k - 1) % Bins.PER_DECADE == 0) ticks.put(k - lo, num(Bins.halfLifeEdge(k - 1)));
        }
        return Svg.histogram(title, java.util.Arrays.copyOfRange(counts, lo, hi + 1), tips, ticks, "tokens (log scale)");
    }

    private static void details(StringBuilder b, Report r) {
        if (r.findings().isEmpty()) return;
        b.append("<h2 id=\"findings\">Findings</h2>\n");
        List<Finding> fs = r.findings();
        for (int i = 0; i < fs.size(); i++) {
            Finding f = fs.get(i);
            b.append("<h3 id=\"finding-").append(i).append("\"><span class=\"kind\">").append(f.kind().id).append("</span> ")
                    .append(escape(where(f))).append("</h3>\n<p>").append(escape(f.detail())).append("</p>\n<table>");
            f.evidence().forEach((k, v) -> b.append("<tr><td>").append(escape(k)).append("</td><td class=\"n\">").append(escape(num(v))).append("</td></tr>"));
            b.append("</table>\n");
            Report.WindowText w = r.windowTexts().get(f.window());
            if (w != null)
                b.append("<p>Shows most in <a href=\"#window-").append(w.index()).append("\">window ").append(w.index())
                        .append("</a> (").append(escape(w.source())).append(", tokens ").append(w.start()).append("–")
                        .append(w.start() + w.tokens() - 1).append(").</p>\n");
        }
    }

    private static void windows(StringBuilder b, Report r) {
        if (r.windowTexts().isEmpty()) return;
        b.append("<h2 id=\"windows\">Corpus windows</h2>\n<p class=\"meta\">Each runs from the empty state. The command opens the explorer with the window as its prompt.</p>\n");
        for (Report.WindowText w : r.windowTexts().values()) {
            b.append("<h3 id=\"window-").append(w.index()).append("\">Window ").append(w.index()).append(": ").append(escape(w.source()))
                    .append(", tokens ").append(w.start()).append("–").append(w.start() + w.tokens() - 1).append("</h3>\n")
                    .append("<pre>").append(escape(w.command())).append("</pre>\n")
                    .append("<details><summary>window text (").append(w.tokens()).append(" tokens)</summary><pre>")
                    .append(escape(w.text())).append("</pre></details>\n");
        }
    }

    /**
     * Text for XML content and double-quoted attributes: markup characters escaped, and the characters XML 1.0 cannot hold
     * (control characters other than tab and line breaks, unpaired surrogates) replaced by U+FFFD.
     */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
                        b.append('\uFFFD');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
