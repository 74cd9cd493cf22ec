package org.gsaexplorer.visualizer.ui.view;

import javafx.scene.layout.VBox;
import javafx.scene.Node;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.ui.widget.HeatmapCanvas;
import org.gsaexplorer.visualizer.views.ViewData;
import org.gsaexplorer.visualizer.views.ViewKind;
import org.gsaexplorer.visualizer.render.Heatmap;
import org.gsaexplorer.visualizer.ui.widget.ChartsPane;

import java.util.List;

/** The ablated run's slot writes beside the baseline's, above the charts of both. */
final class CompareView extends ExplorerView {
    private final HeatmapCanvas main = new HeatmapCanvas(), baseline = new HeatmapCanvas();
    private final ChartsPane charts = new ChartsPane();
    private final Node node = new VBox(4, sideBySide(main, baseline), charts);

    CompareView() {
        super(ViewKind.COMPARE);
    }

    @Override
    public Node node() {
        return node;
    }

    @Override
    public void show(ExplorerSnapshot s) {
        main.setHeatmap(retitle(ViewData.occupancy(s, s.main()), "[" + ViewData.trackName(s.main().ablations()) + "] "));
        if (s.baseline() != null) baseline.setHeatmap(retitle(ViewData.occupancy(s, s.baseline()), "[baseline] "));
        charts.show(s);
    }

    @Override
    public List<HeatmapCanvas> heatmaps() {
        return List.of(main, baseline);
    }

    private static Heatmap retitle(Heatmap h, String prefix) {
        return new Heatmap(prefix + h.title(), h.rowAxis(), h.colAxis(), h.valueName(), h.rows(), h.cols(), h.values(), h.min(), h.max(),
                h.colors(), h.rowName(), h.colName(), h.markCol());
    }
}
