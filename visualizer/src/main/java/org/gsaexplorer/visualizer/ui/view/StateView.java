package org.gsaexplorer.visualizer.ui.view;

import javafx.scene.Node;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.ui.widget.HeatmapCanvas;
import org.gsaexplorer.visualizer.views.ViewData;
import org.gsaexplorer.visualizer.views.ViewKind;

import java.util.List;

/** The key and value slots of the selected kv head after the current token. */
final class StateView extends ExplorerView {
    private final HeatmapCanvas keys = new HeatmapCanvas(), values = new HeatmapCanvas();
    private final Node node = stacked(keys, values);

    StateView() {
        super(ViewKind.STATE);
    }

    @Override
    public Node node() {
        return node;
    }

    @Override
    public void show(ExplorerSnapshot s) {
        keys.setHeatmap(ViewData.stateMatrix(s, true));
        values.setHeatmap(ViewData.stateMatrix(s, false));
    }

    @Override
    public List<HeatmapCanvas> heatmaps() {
        return List.of(keys, values);
    }
}
