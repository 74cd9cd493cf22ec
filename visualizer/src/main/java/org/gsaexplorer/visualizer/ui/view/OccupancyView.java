package org.gsaexplorer.visualizer.ui.view;

import javafx.scene.Node;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.ui.widget.HeatmapCanvas;
import org.gsaexplorer.visualizer.views.ViewData;
import org.gsaexplorer.visualizer.views.ViewKind;

import java.util.List;
import java.util.function.IntConsumer;

/** Slot writes 1 − α over time above the value slot norms; a click on a row selects that slot. */
final class OccupancyView extends ExplorerView {
    private final HeatmapCanvas writes = new HeatmapCanvas(), norms = new HeatmapCanvas();
    private final Node node = stacked(writes, norms);

    OccupancyView(IntConsumer selectSlot) {
        super(ViewKind.OCCUPANCY);
        for (HeatmapCanvas h : heatmaps()) h.setOnCellClicked((r, c) -> selectSlot.accept(r));
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
