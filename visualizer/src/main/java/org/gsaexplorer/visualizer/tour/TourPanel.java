package org.gsaexplorer.visualizer.tour;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.gsaexplorer.visualizer.recall.Navigator;

/**
 * The guided tour as a side panel: one short step at a time with Back and Next, which sit above the text so they stay
 * in place whatever its length; the text wraps at the panel's width, however narrow. Each step moves the main window's
 * views (through the {@link Navigator}) and quotes numbers measured live (cached ones first, marked), which "Stop
 * measuring" cancels. Renders a {@link Tour} (the recall tour or the language tour) whose listeners are told on the
 * FX thread.
 */
public final class TourPanel extends VBox {
    public final Label title = new Label();
    public final Label text = new Label();
    public final Label position = new Label();
    public final Label status = new Label();
    /** Says the views do not show this step yet, while its picture is still being computed. */
    public final Label computing = new Label("computing this step's picture…");
    public final Button back = new Button("◀ Back");
    public final Button next = new Button("Next ▶");
    public final Button cancel = new Button("Stop measuring");
    private final Tour vm;

    public TourPanel(Tour vm) {
        this.vm = vm;
        setSpacing(8);
        setPadding(new Insets(8));
        setPrefWidth(280);
        setMinWidth(0);
        getStyleClass().add("tour-panel");
        Label heading = new Label("Guided tour");
        heading.setStyle("-fx-font-weight: bold; -fx-font-size: 13px;");
        title.setStyle("-fx-font-weight: bold;");
        for (Label l : new Label[]{title, text, status}) {
            l.setWrapText(true);
            // a wrapped label must be as tall as its lines, or it is cut off with an ellipsis instead
            l.setMinHeight(Region.USE_PREF_SIZE);
            l.setMinWidth(0);
            l.setMaxWidth(Double.MAX_VALUE);
        }
        position.setStyle("-fx-text-fill: #606068; -fx-font-size: 11px;");
        status.setStyle("-fx-text-fill: #606068; -fx-font-size: 11px;");
        cancel.setStyle("-fx-font-size: 11px;");
        HBox paging = new HBox(8, back, next, position);
        paging.setAlignment(Pos.CENTER_LEFT);
        computing.setStyle("-fx-text-fill: #8a5a00; -fx-font-size: 11px;");
        computing.managedProperty().bind(computing.visibleProperty());
        getChildren().addAll(heading, paging, computing, title, text, status, cancel);
        back.setOnAction(e -> vm.back());
        next.setOnAction(e -> vm.next());
        cancel.setOnAction(e -> vm.cancel());
        vm.addListener(s -> render());
        render();
    }

    public Tour viewModel() {
        return vm;
    }

    private void render() {
        TourState s = vm.state();
        TourStep step = s.current();
        title.setText(step.title());
        text.setText(step.text());
        position.setText("step " + (s.index() + 1) + " of " + s.steps().size());
        status.setText(s.status());
        back.setDisable(s.index() == 0);
        next.setDisable(s.index() + 1 >= s.steps().size());
        cancel.setDisable(!s.measuring());
        // a step without a target has not moved the views yet: they still show what was there before
        computing.setVisible(step.target() == null && s.measuring());
    }
}
