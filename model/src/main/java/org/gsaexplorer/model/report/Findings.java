package org.gsaexplorer.model.report;

import org.gsaexplorer.model.probe.NumericGuard;
import org.gsaexplorer.model.report.Finding.Kind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.gsaexplorer.model.report.Format.num;

/**
 * Turns corpus statistics into findings, worst first: by kind in {@link Kind}'s order, then by how far past its
 * threshold each one is, then by layer, head and slot.
 */
public final class Findings {
    private Findings() {
    }

    public static List<Finding> detect(SlotStatistics st, Thresholds th) {
        List<Finding> out = new ArrayList<>();
        if (st.firstNonFinite() != null) out.add(nonFinite(st));
        if (st.tokens() == 0) return out;
        for (int l = 0; l < st.layers(); l++) {
            for (int h = 0; h < st.kvHeads(); h++)
                for (int m = 0; m < st.slots(); m++) slot(st, th, st.slot(l, h, m), out);
            for (int q = 0; q < st.queryHeads(); q++) collapse(st, th, st.head(l, q), out);
        }
        out.sort(Comparator.comparing(Finding::kind).thenComparing(Comparator.comparingDouble(Finding::severity).reversed())
                .thenComparingInt(Finding::layer).thenComparingInt(Finding::head).thenComparingInt(Finding::slot));
        return out;
    }

    private static void slot(SlotStatistics st, Thresholds th, SlotSummary s, List<Finding> out) {
        int k = st.kvIndex(s.layer(), s.head(), s.slot());
        boolean dead = s.maxWrite() < th.deadWrite();
        if (dead)
            out.add(new Finding(Kind.DEAD_SLOT, s.layer(), s.head(), s.slot(),
                    "max write weight " + num(s.maxWrite()) + " over " + Format.count(st.tokens()) + " tokens (threshold "
                            + num(th.deadWrite()) + "): the slot never stores anything",
                    evidence("max_write", s.maxWrite(), "mean_write", s.meanWrite(), "mean_alpha", s.meanAlpha()),
                    st.lowWrite.window(k), -s.maxWrite()));
        if (s.meanAlpha() < th.amnesicAlpha())
            out.add(new Finding(Kind.AMNESIC_SLOT, s.layer(), s.head(), s.slot(),
                    "mean α " + num(s.meanAlpha()) + " (threshold " + num(th.amnesicAlpha()) + "), median half-life "
                            + num(s.medianHalfLife()) + " tokens: the slot holds little more than the latest token",
                    evidence("mean_alpha", s.meanAlpha(), "median_half_life", s.medianHalfLife(), "mean_write", s.meanWrite()),
                    st.lowAlpha.window(k), -s.meanAlpha()));
        if (!dead && s.meanAlpha() > th.frozenAlpha())
            out.add(new Finding(Kind.FROZEN_SLOT, s.layer(), s.head(), s.slot(),
                    "mean α " + num(s.meanAlpha()) + " (threshold " + num(th.frozenAlpha()) + ") with max write weight "
                            + num(s.maxWrite()) + ": what it stores stays, median half-life " + num(s.medianHalfLife()) + " tokens",
                    evidence("mean_alpha", s.meanAlpha(), "max_write", s.maxWrite(), "mean_write", s.meanWrite(),
                            "median_half_life", s.medianHalfLife()),
                    st.highAlpha.window(k), s.meanAlpha()));
        double limit = th.unreadWeight(st.slots());
        int b = s.bestReader();
        double best = s.meanReadoutByHead()[b];
        if (best < limit)
            out.add(new Finding(Kind.UNREAD_SLOT, s.layer(), s.head(), s.slot(),
                    "mean readout weight " + num(best) + " at most, from " + s.readers().length + " reading query head(s) (threshold "
                            + num(limit) + " = 1/(" + num(th.unreadFactor()) + "·" + st.slots() + "))",
                    evidence("max_mean_readout", best, "threshold", limit, "argmax_rate", s.argmaxRateByHead()[b]),
                    st.lowReadout.window(st.qIndex(s.layer(), s.readers()[b], s.slot())), -best / limit));
    }

    private static void collapse(SlotStatistics st, Thresholds th, HeadSummary h, List<Finding> out) {
        boolean lowEntropy = h.meanEntropy() < th.collapseEntropy();
        if (!lowEntropy && !(h.topShare() > th.collapseShare())) return;
        int window = lowEntropy ? st.lowEntropy.window(h.layer() * st.queryHeads() + h.head())
                : st.highReadout.window(st.qIndex(h.layer(), h.head(), h.topSlot()));
        out.add(new Finding(Kind.READOUT_COLLAPSE, h.layer(), h.head(), h.topSlot(),
                "query head " + h.head() + ": mean readout entropy " + num(h.meanEntropy()) + " nats (threshold "
                        + num(th.collapseEntropy()) + "), slot " + h.topSlot() + " of kv head " + h.kvHead() + " takes "
                        + Format.percent(h.topShare()) + " of its readout mass (threshold " + Format.percent(th.collapseShare()) + ")",
                evidence("mean_entropy", h.meanEntropy(), "top_slot_share", h.topShare()), window, h.topShare()));
    }

    private static Finding nonFinite(SlotStatistics st) {
        SlotStatistics.FirstNonFinite f = st.firstNonFinite();
        NumericGuard.NonFinite at = f.at();
        return new Finding(Kind.NON_FINITE, at.layer(), at.head(), at.index(),
                at.kind() + " in " + at.where() + " of window " + f.window() + "; " + Format.count(st.nonFinite())
                        + " non-finite values in all, left out of every other figure",
                evidence("count", (double) st.nonFinite(), "token", (double) at.token()),
                f.window(), st.nonFinite());
    }

    /** Name–value pairs in the order given. */
    private static Map<String, Double> evidence(Object... pairs) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], (Double) pairs[i + 1]);
        return m;
    }
}
