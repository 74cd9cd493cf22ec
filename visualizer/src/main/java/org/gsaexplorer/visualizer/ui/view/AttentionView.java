package org.gsaexplorer.visualizer.ui.view;

import javafx.scene.Node;
import org.gsaexplorer.visualizer.render.ColorScale;
import org.gsaexplorer.visualizer.render.ColorScaling;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.ui.widget.HeatmapCanvas;
import org.gsaexplorer.visualizer.views.ViewData;
import org.gsaexplorer.visualizer.views.ViewKind;

import java.util.List;

/** The implicit token-to-token attention of the value pass over the window. */
final class AttentionView extends ExplorerView {
    // one-hot reads of the first tokens would take the whole linear scale
    private final HeatmapCanvas attention = new HeatmapCanvas(new ColorScaling(ColorScale.PERCENTILE));

    AttentionView() {
        super(ViewKind.ATTENTION);
    }

    @Override
    public Node node() {
        return attention;
    }

    @Override
    public void show(ExplorerSnapshot s) {
        attention.setHeatmap(ViewData.attention(s, s.main()));
    }

    @Override
    public List<HeatmapCanvas> heatmaps() {
        return List.of(attention);
    }
}
