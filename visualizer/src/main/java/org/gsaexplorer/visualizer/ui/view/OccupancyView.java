package org.gsaexplorer.visualizer.ui.view;

import javafx.scene.Node;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.ui.widget.HeatmapCanvas;
import org.gsaexplorer.visualizer.views.ViewData;
import org.gsaexplorer.visualizer.views.ViewKind;

import java.util.List;

/** Slot writes 1 − α over time above the value slot norms. */
final class OccupancyView extends ExplorerView {
    private final HeatmapCanvas writes = new HeatmapCanvas(), norms = new HeatmapCanvas();
    private final Node node = stacked(writes, norms);

    OccupancyView() {
        super(ViewKind.OCCUPANCY);
    }

    @Override
    public Node node() {
        return node;
    }

    @Override
    public void show(ExplorerSnapshot s) {
        writes.setHeatmap(ViewData.occupancy(s, s.main()));
        norms.setHeatmap(ViewData.memoryNorms(s, s.main()));
    }

    @Override
    public List<HeatmapCanvas> heatmaps() {
        return List.of(writes, norms);
    }
}
