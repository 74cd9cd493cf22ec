package org.gsaexplorer.visualizer.ui.view;

import javafx.scene.layout.VBox;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.ui.widget.HeatmapCanvas;
import org.gsaexplorer.visualizer.views.ViewData;
import org.gsaexplorer.visualizer.views.ViewKind;
import org.gsaexplorer.visualizer.render.Heatmap;
import org.gsaexplorer.visualizer.ui.widget.ChartsPane;

import java.util.List;
import java.util.function.IntConsumer;

/**
 * The ablated run's slot writes beside the baseline's, above the charts of both. Without compare mode there is no
 * baseline: a hint and a button to turn it on stand in for the pictures.
 */
final class CompareView extends ExplorerView {
    private final HeatmapCanvas main = new HeatmapCanvas(), baseline = new HeatmapCanvas();
    private final ChartsPane charts = new ChartsPane();
    private final VBox pictures = new VBox(4, sideBySide(main, baseline), charts);
    /** Shown instead of the pictures while compare mode is off. */
    private final VBox hint = new VBox(10);
    private final Node node = new StackPane(pictures, hint);

    CompareView(Runnable compareOn) {
        super(ViewKind.COMPARE);
        Label text = new Label("Compare mode is off. It runs the same tokens a second time without ablations and shows "
                + "both runs side by side here, with the loss difference in the charts.");
        text.setWrapText(true);
        text.setMaxWidth(460);
        Button on = new Button("Turn compare mode on");
        on.setOnAction(e -> compareOn.run());
        hint.getChildren().addAll(text, on);
        hint.setAlignment(Pos.CENTER);
        hint.setPadding(new Insets(24));
    }

    @Override
    public Node node() {
        return node;
    }

    @Override
    public void show(ExplorerSnapshot s) {
        boolean comparing = s.baseline() != null;
        hint.setVisible(!comparing);
        pictures.setVisible(comparing);
        if (!comparing) return;
        main.setHeatmap(retitle(ViewData.occupancy(s, s.main()), "[" + ViewData.trackName(s.main().ablations()) + "] "));
        baseline.setHeatmap(retitle(ViewData.occupancy(s, s.baseline()), "[baseline] "));
        charts.show(s);
    }

    @Override
    public void onTokenHovered(IntConsumer hovered) {
        charts.setOnTokenHovered(hovered);
    }

    @Override
    public void highlightToken(int t) {
        charts.highlightToken(t);
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
