package org.gsaexplorer.visualizer.language;

import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.gsaexplorer.visualizer.tour.TourPanel;

/**
 * The language tour as a side panel: the text the tour reads, editable, with Measure (or Ctrl+Enter) to compute every
 * claim again on it, above the tour's steps. Renders a {@link LanguageTourViewModel}.
 */
public final class LanguageTourPanel extends VBox {
    public final TextArea text = new TextArea();
    public final Button measure = new Button("Measure this text");
    public final TourPanel steps;
    private final LanguageTourViewModel vm;

    public LanguageTourPanel(LanguageTourViewModel vm) {
        this.vm = vm;
        this.steps = new TourPanel(vm);
        setSpacing(4);
        setPadding(new Insets(8, 0, 0, 0));
        Label heading = new Label("Text the tour reads");
        heading.setStyle("-fx-font-weight: bold;");
        heading.setPadding(new Insets(0, 8, 0, 8));
        text.setText(vm.text());
        text.setPrefRowCount(9);
        text.setStyle("-fx-font-family: monospace; -fx-font-size: 11px;");
        text.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && e.isShortcutDown()) {
                measure.fire();
                e.consume();
            }
        });
        measure.setOnAction(e -> vm.setText(text.getText()));
        HBox editor = new HBox(text);
        editor.setPadding(new Insets(0, 8, 0, 8));
        HBox.setHgrow(text, javafx.scene.layout.Priority.ALWAYS);
        HBox actions = new HBox(6, measure);
        actions.setPadding(new Insets(0, 8, 0, 8));
        getChildren().addAll(heading, editor, actions, steps);
    }

    public LanguageTourViewModel viewModel() {
        return vm;
    }
}
