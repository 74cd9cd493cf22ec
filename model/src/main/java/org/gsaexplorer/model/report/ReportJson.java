package org.gsaexplorer.model.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * REPORT.json: {@code model, backend, data, window, windows, tokens, bits_per_token, seconds, non_finite_values,
 * thresholds, bins, findings, slots, heads}. Findings carry {@code kind, layer, head, slot, detail, evidence} and the
 * {@code window} where they show most; slots and heads are listed by layer, head, slot. Indices are 0-based;
 * figures that are not finite (a half-life of ∞, a mean over no tokens) are null.
 */
public final class ReportJson {
    private ReportJson() {
    }

    public static void write(Report r, OutputStream out) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        SlotStatistics st = r.stats();
        ObjectNode root = json.createObjectNode();
        root.put("model", r.model());
        root.put("backend", r.backend());
        root.put("data", r.data());
        root.put("window", r.window());
        root.put("windows", st.windows());
        root.put("tokens", st.tokens());
        put(root, "bits_per_token", st.bitsPerToken());
        put(root, "seconds", r.seconds());
        root.put("non_finite_values", st.nonFinite());
        thresholds(root.putObject("thresholds"), r.thresholds(), st.slots());
        bins(root.putObject("bins"));
        ArrayNode findings = root.putArray("findings");
        for (Finding f : r.findings()) finding(findings.addObject(), f, r.windowTexts().get(f.window()));
        ArrayNode slots = root.putArray("slots"), heads = root.putArray("heads");
        for (int l = 0; l < st.layers(); l++) {
            for (int h = 0; h < st.kvHeads(); h++)
                for (int m = 0; m < st.slots(); m++) slot(slots.addObject(), st.slot(l, h, m));
            for (int q = 0; q < st.queryHeads(); q++) head(heads.addObject(), st.head(l, q));
        }
        json.writeValue(out, root);
    }

    private static void thresholds(ObjectNode n, Thresholds t, int slots) {
        n.put("dead_max_write", t.deadWrite());
        n.put("amnesic_mean_alpha", t.amnesicAlpha());
        n.put("frozen_mean_alpha", t.frozenAlpha());
        n.put("unread_factor", t.unreadFactor());
        n.put("unread_mean_readout", t.unreadWeight(slots));
        n.put("collapse_entropy", t.collapseEntropy());
        n.put("collapse_share", t.collapseShare());
    }

    /** Histogram edges: unit bins for write and α; half-life bin 0 is α = 0, bin k covers [edge k−1, edge k), the last ≥ the last edge. */
    private static void bins(ObjectNode n) {
        ArrayNode unit = n.putArray("unit_edges");
        for (int b = 0; b <= Bins.UNIT; b++) unit.add(Bins.unitEdge(b));
        ArrayNode hl = n.putArray("half_life_edges");
        for (int k = 0; k < Bins.HALF_LIFE - 1; k++) hl.add(Bins.halfLifeEdge(k));
    }

    private static void finding(ObjectNode n, Finding f, Report.WindowText w) {
        n.put("kind", f.kind().id);
        index(n, "layer", f.layer());
        index(n, "head", f.head());
        index(n, "slot", f.slot());
        n.put("detail", f.detail());
        ObjectNode ev = n.putObject("evidence");
        for (Map.Entry<String, Double> e : f.evidence().entrySet()) put(ev, e.getKey(), e.getValue());
        if (w == null) {
            n.putNull("window");
        } else {
            ObjectNode wn = n.putObject("window");
            wn.put("index", w.index());
            wn.put("source", w.source());
            wn.put("start", w.start());
            wn.put("tokens", w.tokens());
        }
    }

    private static void slot(ObjectNode n, SlotSummary s) {
        n.put("layer", s.layer());
        n.put("head", s.head());
        n.put("slot", s.slot());
        put(n, "mean_write", s.meanWrite());
        put(n, "max_write", s.maxWrite());
        put(n, "mean_alpha", s.meanAlpha());
        put(n, "median_half_life", s.medianHalfLife());
        put(n, "mean_readout", s.meanReadout());
        put(n, "mean_key_norm", s.meanKeyNorm());
        put(n, "max_key_norm", s.maxKeyNorm());
        put(n, "mean_value_norm", s.meanValueNorm());
        put(n, "max_value_norm", s.maxValueNorm());
        ArrayNode readers = n.putArray("readout");
        for (int i = 0; i < s.readers().length; i++) {
            ObjectNode q = readers.addObject();
            q.put("head", s.readers()[i]);
            put(q, "mean", s.meanReadoutByHead()[i]);
            put(q, "argmax_rate", s.argmaxRateByHead()[i]);
        }
        counts(n.putArray("write_hist"), s.writeHist());
        counts(n.putArray("alpha_hist"), s.alphaHist());
        counts(n.putArray("half_life_hist"), s.halfLifeHist());
    }

    private static void head(ObjectNode n, HeadSummary h) {
        n.put("layer", h.layer());
        n.put("head", h.head());
        n.put("kv_head", h.kvHead());
        put(n, "mean_entropy", h.meanEntropy());
        n.put("top_slot", h.topSlot());
        put(n, "top_slot_share", h.topShare());
    }

    private static void counts(ArrayNode a, long[] counts) {
        for (long c : counts) a.add(c);
    }

    private static void put(ObjectNode n, String name, double v) {
        if (Double.isFinite(v)) n.put(name, v);
        else n.putNull(name);
    }

    private static void index(ObjectNode n, String name, int i) {
        if (i >= 0) n.put(name, i);
        else n.putNull(name);
    }
}
