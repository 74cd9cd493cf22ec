package org.gsaexplorer.visualizer.ui.view;

import javafx.scene.layout.VBox;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import org.gsaexplorer.visualizer.render.ColorScale;
import org.gsaexplorer.visualizer.render.ColorScaling;
import org.gsaexplorer.visualizer.render.Heatmap;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.session.ScoringRule;
import org.gsaexplorer.visualizer.ui.widget.ChartsPane;
import org.gsaexplorer.visualizer.ui.widget.HeatmapCanvas;
import org.gsaexplorer.visualizer.views.ViewData;
import org.gsaexplorer.visualizer.views.ViewKind;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The ablated run's slot writes beside the baseline's on one colour scale (the same colour is the same number on
 * both sides), above the charts of both. Without compare mode there is no baseline: a hint and a button to turn it on
 * stand in for the pictures.
 */
final class CompareView extends ExplorerView {
    private final ColorScaling shared = new ColorScaling(ColorScale.LINEAR);
    private final HeatmapCanvas main = new HeatmapCanvas(shared), baseline = new HeatmapCanvas(shared);
    private final ChartsPane charts;
    private final VBox pictures;
    /** Shown instead of the pictures while compare mode is off. */
    private final VBox hint = new VBox(10);
    private final Node node;
    private ExplorerSnapshot shown;

    CompareView(Runnable compareOn, Consumer<ScoringRule> scoring) {
        super(ViewKind.COMPARE);
        charts = new ChartsPane(scoring);
        pictures = new VBox(4, sideBySide(main, baseline), charts);
        node = new StackPane(pictures, hint);
        for (HeatmapCanvas h : heatmaps()) h.setOnScaleChanged(() -> { if (shown != null) show(shown); });
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
        shown = s;
        boolean comparing = s.baseline() != null;
        hint.setVisible(!comparing);
        pictures.setVisible(comparing);
        if (!comparing) return;
        Heatmap a = ViewData.occupancy(s, s.main()), b = ViewData.occupancy(s, s.baseline());
        Heatmap[] both = shared.apply(a.withTitle("[" + ViewData.trackName(s.main().ablations()) + "] " + a.title()),
                b.withTitle("[baseline] " + b.title()));
        main.setScaledHeatmap(both[0]);
        baseline.setScaledHeatmap(both[1]);
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
}
