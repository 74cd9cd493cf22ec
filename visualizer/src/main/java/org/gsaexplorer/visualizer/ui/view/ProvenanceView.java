package org.gsaexplorer.visualizer.ui.view;

import javafx.scene.Node;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.ui.widget.HeatmapCanvas;
import org.gsaexplorer.visualizer.views.ViewData;
import org.gsaexplorer.visualizer.views.ViewKind;
import org.gsaexplorer.visualizer.render.Heatmap;
import org.gsaexplorer.visualizer.ui.widget.BarStrip;

import java.util.List;

/** What the selected slot holds now: each source token's remaining weight, as a strip and as bars. */
final class ProvenanceView extends ExplorerView {
    private final HeatmapCanvas provenance = new HeatmapCanvas();
    private final BarStrip bars = new BarStrip();
    private final Node node = stacked(provenance, bars);

    ProvenanceView() {
        super(ViewKind.PROVENANCE);
    }

    @Override
    public Node node() {
        return node;
    }

    @Override
    public void show(ExplorerSnapshot s) {
        Heatmap h = ViewData.provenance(s, s.main());
        provenance.setHeatmap(h);
        double[] d = new double[h.cols()];
        for (int i = 0; i < d.length; i++) d[i] = h.value(0, i);
        bars.set("Contribution of each source token to slot " + s.selection().slot() + " now", "", d, Double.NaN, "token", h.colName());
    }

    @Override
    public List<HeatmapCanvas> heatmaps() {
        return List.of(provenance);
    }
}
