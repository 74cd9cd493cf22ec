package org.gsaexplorer.visualizer.ui.view;

import javafx.scene.layout.VBox;
import javafx.scene.Node;
import org.gsaexplorer.visualizer.render.ColorScale;
import org.gsaexplorer.visualizer.render.ColorScaling;
import org.gsaexplorer.visualizer.render.Heatmap;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.session.ScoringRule;
import org.gsaexplorer.visualizer.ui.widget.ChartsPane;
import org.gsaexplorer.visualizer.ui.widget.HeatmapCanvas;
import org.gsaexplorer.visualizer.views.ViewData;
import org.gsaexplorer.visualizer.views.ViewKind;

import java.util.List;
import java.util.function.Consumer;

/**
 * The ablated run's slot writes beside the baseline's on one colour scale (the same colour is the same number on
 * both sides), above the charts of both.
 */
final class CompareView extends ExplorerView {
    private final ColorScaling shared = new ColorScaling(ColorScale.LINEAR);
    private final HeatmapCanvas main = new HeatmapCanvas(shared), baseline = new HeatmapCanvas(shared);
    private final ChartsPane charts;
    private final Node node;
    private ExplorerSnapshot shown;

    CompareView(Consumer<ScoringRule> scoring) {
        super(ViewKind.COMPARE);
        charts = new ChartsPane(scoring);
        node = new VBox(4, sideBySide(main, baseline), charts);
        for (HeatmapCanvas h : heatmaps()) h.setOnScaleChanged(() -> { if (shown != null) show(shown); });
    }

    @Override
    public Node node() {
        return node;
    }

    @Override
    public void show(ExplorerSnapshot s) {
        shown = s;
        Heatmap a = ViewData.occupancy(s, s.main());
        a = a.withTitle("[" + ViewData.trackName(s.main().ablations()) + "] " + a.title());
        if (s.baseline() == null) main.setHeatmap(a);
        else {
            Heatmap b = ViewData.occupancy(s, s.baseline());
            Heatmap[] both = shared.apply(a, b.withTitle("[baseline] " + b.title()));
            main.setScaledHeatmap(both[0]);
            baseline.setScaledHeatmap(both[1]);
        }
        charts.show(s);
    }

    @Override
    public List<HeatmapCanvas> heatmaps() {
        return List.of(main, baseline);
    }
}
