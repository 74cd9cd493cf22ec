package org.gsaexplorer.visualizer.views;

import org.gsaexplorer.model.RecurrentState;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.visualizer.derive.SlotMath;
import org.gsaexplorer.visualizer.render.ColorMap;
import org.gsaexplorer.visualizer.render.ColorScale;
import org.gsaexplorer.visualizer.render.Heatmap;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.session.ProbeAccess;
import org.gsaexplorer.visualizer.session.ProbeField;
import org.gsaexplorer.visualizer.session.Selection;
import org.gsaexplorer.visualizer.session.TrackView;

import java.util.function.IntFunction;

/**
 * The matrices the views show, computed from a snapshot for its selection and time window (tokens windowStart..cursor−1).
 * Pure: the same numbers go to the screen, the tooltips and the exports, so tests can check pixels against them.
 */
public final class ViewData {
    private ViewData() {
    }

    /**
     * The name of a track run with {@code a} where it may stand beside the baseline track: its ablations, or "no
     * ablation" ({@link Ablations#describe} says "baseline" then, which names the comparison track).
     */
    public static String trackName(Ablations a) {
        return a.isNone() ? "no ablation" : a.describe();
    }

    /** Time axis label of token t: "t:text". */
    public static IntFunction<String> tokenNames(TrackView tv, int t0) {
        return c -> {
            int t = t0 + c;
            return t < tv.tokens().count() ? t + ":" + tv.tokens().text(t) : String.valueOf(t);
        };
    }

    private static final IntFunction<String> SLOT = m -> "slot " + m;

    private static int kvHead(ExplorerSnapshot s) {
        GsaConfig c = s.model().config();
        return SlotMath.kvHeadOf(s.selection().head(), c.groups());
    }

    private static String where(ExplorerSnapshot s, boolean query) {
        Selection sel = s.selection();
        return "L" + sel.layer() + (query ? " head " + sel.head() : " kv head " + kvHead(s));
    }

    /** Slots × time of one probe field for the selected head (kv or query as the field says). */
    public static Heatmap slotsOverTime(ExplorerSnapshot s, TrackView tv, ProbeField f, String title, ColorMap cm, boolean fromZero, double fixedMax) {
        Selection sel = s.selection();
        return slotsOverTime(tv, f, sel.layer(), f.queryHead ? sel.head() : kvHead(s), s.windowStart(), s.cursor(),
                title + " · " + where(s, f.queryHead), cm, fromZero, fixedMax).withBadge(Titles.badge(tv.ablations()));
    }

    public static Heatmap slotsOverTime(TrackView tv, ProbeField f, int layer, int head, int t0, int t1, String title,
                                        ColorMap cm, boolean fromZero, double fixedMax) {
        ProbeAccess p = tv.probes();
        int m = p.slots(), n = Math.max(1, t1 - t0);
        float[] v = new float[m * n];
        java.util.Arrays.fill(v, Float.NaN);
        float[] row = new float[m];
        for (int t = t0; t < t1; t++)
            if (p.row(f, layer, t, head, row))
                for (int i = 0; i < m; i++) v[i * n + (t - t0)] = row[i];
        double[] r = Heatmap.range(v, fromZero);
        return new Heatmap(title, "slot", "token", f.label, m, n, v, r[0], Double.isNaN(fixedMax) ? r[1] : fixedMax, cm,
                SLOT, tokenNames(tv, t0), t1 - 1 - t0);
    }

    /** View 1: write weights 1 − α (slot occupancy). */
    public static Heatmap occupancy(ExplorerSnapshot s, TrackView tv) {
        return slotsOverTime(s, tv, ProbeField.WRITE, Titles.writes(tv.ablations()), ColorMap.VIRIDIS, true, Double.NaN);
    }

    /** View 1b: value slot norms (how full each slot is). */
    public static Heatmap memoryNorms(ExplorerSnapshot s, TrackView tv) {
        return slotsOverTime(s, tv, ProbeField.VALUE_NORM, "Value slot norm ‖V‖", ColorMap.MAGMA, true, Double.NaN);
    }

    /** View 2: forget gates α on [0, 1]. */
    public static Heatmap gates(ExplorerSnapshot s, TrackView tv) {
        Heatmap h = slotsOverTime(s, tv, ProbeField.ALPHA, Titles.gates(tv.ablations()), ColorMap.VIRIDIS, false, 1.0);
        return h.withScale(h.scale(), Math.min(h.min(), 0.5), 1.0);
    }

    /** Retention half-life (tokens) of each slot at the current token; NaN when not available. */
    public static double[] halfLives(ExplorerSnapshot s, TrackView tv) {
        int m = tv.probes().slots();
        double[] out = new double[m];
        float[] row = new float[m];
        if (!tv.probes().row(ProbeField.ALPHA, s.selection().layer(), s.current(), kvHead(s), row)) {
            java.util.Arrays.fill(out, Double.NaN);
            return out;
        }
        for (int i = 0; i < m; i++) out[i] = SlotMath.halfLife(row[i]);
        return out;
    }

    /** View 3: query token × slot readout weights. */
    public static Heatmap readout(ExplorerSnapshot s, TrackView tv) {
        Heatmap h = slotsOverTime(s, tv, ProbeField.READOUT, Titles.readout(tv.ablations()), ColorMap.MAGMA, true, Double.NaN);
        return transpose(h, "query token", "slot");
    }

    /** Readout weights of the current token (the bar chart under view 3). */
    public static float[] readoutNow(ExplorerSnapshot s, TrackView tv) {
        return readoutAt(s, tv, s.current());
    }

    /** Readout weights of token {@code t} over the slots; NaN where its probes are not held. */
    public static float[] readoutAt(ExplorerSnapshot s, TrackView tv, int t) {
        float[] row = new float[tv.probes().slots()];
        if (t < 0 || !tv.probes().row(ProbeField.READOUT, s.selection().layer(), t, s.selection().head(), row))
            java.util.Arrays.fill(row, Float.NaN);
        return row;
    }

    /**
     * View 4: how much each token of the window still contributes to each slot now (slots × source tokens), the
     * selected slot outlined.
     */
    public static Heatmap provenance(ExplorerSnapshot s, TrackView tv) {
        int t0 = s.windowStart(), t1 = s.cursor(), n = Math.max(1, t1 - t0), slot = s.selection().slot(), m = tv.probes().slots();
        float[][] alpha = tv.probes().matrix(ProbeField.ALPHA, s.selection().layer(), kvHead(s), t0, t1);
        float[][] write = tv.probes().matrix(ProbeField.WRITE, s.selection().layer(), kvHead(s), t0, t1);
        float[] v = new float[m * n];
        java.util.Arrays.fill(v, Float.NaN);
        if (t1 > t0 && complete(alpha) && complete(write))
            for (int i = 0; i < m; i++) {
                double[] w = SlotMath.provenance(alpha, write, i, t1 - 1 - t0);
                for (int c = 0; c < w.length; c++) v[i * n + c] = (float) w[c];
            }
        double[] r = Heatmap.range(v, true);
        return new Heatmap("Provenance: what each slot holds now, by source token (slot " + slot + " outlined) · " + where(s, false),
                "slot", "source token", "weight in slot now", m, n, v, r[0], r[1], ColorMap.MAGMA, SLOT, tokenNames(tv, t0), -1,
                slot, ColorScale.LINEAR, Titles.badge(tv.ablations()));
    }

    /** View 5: implicit token → token attention of the value pass over the window. */
    public static Heatmap attention(ExplorerSnapshot s, TrackView tv) {
        int t0 = s.windowStart(), t1 = s.cursor(), n = Math.max(1, t1 - t0);
        Selection sel = s.selection();
        float[][] p = tv.probes().matrix(ProbeField.READOUT, sel.layer(), sel.head(), t0, t1);
        float[][] a = tv.probes().matrix(ProbeField.ALPHA, sel.layer(), kvHead(s), t0, t1);
        float[][] w = tv.probes().matrix(ProbeField.WRITE, sel.layer(), kvHead(s), t0, t1);
        float[] v = new float[n * n];
        java.util.Arrays.fill(v, Float.NaN);
        if (t1 > t0 && complete(p) && complete(a) && complete(w)) {
            float[][] att = SlotMath.implicitAttention(p, a, w);
            for (int t = 0; t < att.length; t++)
                for (int q = 0; q <= t; q++) v[t * n + q] = att[t][q];
        }
        double[] r = Heatmap.range(v, true);
        IntFunction<String> names = tokenNames(tv, t0);
        return new Heatmap(Titles.attention(tv.ablations()) + " · " + where(s, true), "query token", "key token", "attention weight",
                n, n, v, r[0], r[1], ColorMap.VIRIDIS, names, names, t1 - 1 - t0).withBadge(Titles.badge(tv.ablations()));
    }

    /**
     * View 6: key slots K̃ (M × dk) or value slots Ṽ (M × dv) of the selected kv head after the current token, signed,
     * on a diverging map centred on 0. Titles
     * are drawn on canvases by the render thread: they spell K and V without combining marks, which would send each
     * frame's text through JavaFX's complex-text shaper (see SharedGlyphLayout).
     */
    public static Heatmap stateMatrix(ExplorerSnapshot s, boolean keys) {
        GsaConfig c = s.model().config();
        int m = c.numSlots(), d = keys ? c.headKDim() : c.headVDim();
        float[] v = new float[m * d];
        RecurrentState st = s.state();
        if (st == null) java.util.Arrays.fill(v, Float.NaN);
        else {
            float[] src = (keys ? st.keySlots() : st.valueSlots())[s.selection().layer()];
            System.arraycopy(src, kvHead(s) * m * d, v, 0, m * d);
        }
        double[] r = Heatmap.range(v, false);
        double amax = Math.max(Math.abs(r[0]), Math.abs(r[1]));
        return new Heatmap((keys ? "Key slots K" : "Value slots V") + " at token " + s.current() + " · " + where(s, false),
                "slot", keys ? "key dim" : "value dim", keys ? "K entry" : "V entry", m, d, v, -amax, amax,
                ColorMap.DIVERGING, SLOT, i -> String.valueOf(i), -1).withBadge(Titles.badge(s.main().ablations()));
    }

    private static Heatmap transpose(Heatmap h, String rowAxis, String colAxis) {
        float[] v = new float[h.values().length];
        for (int r = 0; r < h.rows(); r++)
            for (int c = 0; c < h.cols(); c++) v[c * h.rows() + r] = h.value(r, c);
        return new Heatmap(h.title(), rowAxis, colAxis, h.valueName(), h.cols(), h.rows(), v, h.min(), h.max(), h.colors(),
                h.colName(), h.rowName(), -1, -1, h.scale(), h.badge());
    }

    private static boolean complete(float[][] rows) {
        for (float[] r : rows) if (r == null) return false;
        return true;
    }
}
