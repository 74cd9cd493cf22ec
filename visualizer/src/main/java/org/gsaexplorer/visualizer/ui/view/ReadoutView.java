package org.gsaexplorer.visualizer.ui.view;

import javafx.scene.Node;
import org.gsaexplorer.visualizer.render.ColorScale;
import org.gsaexplorer.visualizer.render.ColorScaling;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.ui.widget.HeatmapCanvas;
import org.gsaexplorer.visualizer.views.ViewData;
import org.gsaexplorer.visualizer.views.ViewKind;
import org.gsaexplorer.visualizer.session.TrackView;
import org.gsaexplorer.visualizer.ui.widget.BarStrip;

import java.util.List;

/** Softmax readout weights per query token and slot, and the current token's as bars. */
final class ReadoutView extends ExplorerView {
    // one-hot reads of the first tokens would take the whole linear scale (1.0 against ≤ 0.04 elsewhere)
    private final HeatmapCanvas readout = new HeatmapCanvas(new ColorScaling(ColorScale.PERCENTILE));
    private final BarStrip now = new BarStrip();
    private final Node node = stacked(readout, now);
    // the snapshot drawn last and the token hovered in any view (−1: none)
    private ExplorerSnapshot shown;
    private int hovered = -1;

    ReadoutView() {
        super(ViewKind.READOUT);
    }

    @Override
    public Node node() {
        return node;
    }

    @Override
    public void show(ExplorerSnapshot s) {
        shown = s;
        TrackView m = s.main();
        readout.setHeatmap(ViewData.readout(s, m));
        now.set("Readout over slots at token " + s.current() + " '" + m.tokens().text(s.current()) + "'", "", widen(ViewData.readoutNow(s, m)),
                Double.NaN, "slot", Integer::toString);
        highlightToken(hovered);
    }

    /** The hovered token's readout outlined over the current token's bars, when its probes are held. */
    @Override
    public void highlightToken(int t) {
        hovered = t;
        ExplorerSnapshot s = shown;
        if (s == null) return;
        boolean held = t >= 0 && t < s.computed() && t != s.current();
        now.outline(held ? widen(ViewData.readoutAt(s, s.main(), t)) : new double[0],
                held ? "token " + t + " '" + s.main().tokens().text(t) + "'" : "");
    }

    private static double[] widen(float[] p) {
        double[] d = new double[p.length];
        for (int i = 0; i < d.length; i++) d[i] = p[i];
        return d;
    }

    @Override
    public List<HeatmapCanvas> heatmaps() {
        return List.of(readout);
    }
}
