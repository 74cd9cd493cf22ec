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

    ReadoutView() {
        super(ViewKind.READOUT);
    }

    @Override
    public Node node() {
        return node;
    }

    @Override
    public void show(ExplorerSnapshot s) {
        TrackView m = s.main();
        readout.setHeatmap(ViewData.readout(s, m));
        float[] p = ViewData.readoutNow(s, m);
        double[] d = new double[p.length];
        for (int i = 0; i < d.length; i++) d[i] = p[i];
        now.set("Readout over slots at token " + s.current() + " '" + m.tokens().text(s.current()) + "'", "", d, Double.NaN,
                "slot", Integer::toString);
    }

    @Override
    public List<HeatmapCanvas> heatmaps() {
        return List.of(readout);
    }
}
