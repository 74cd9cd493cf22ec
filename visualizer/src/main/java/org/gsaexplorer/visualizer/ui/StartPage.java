package org.gsaexplorer.visualizer.ui;

import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.gsaexplorer.visualizer.catalog.ModelPickerViewModel;

/**
 * The start page: a small window listing the models to open (samples, recent folders, the Hugging Face cache), one
 * line each. Picking one (double click, Enter or Open) loads it in the main window, whose status bar shows the
 * progress and a Cancel, and closes the page. Renders a {@link ModelPickerViewModel}, told on the FX thread.
 */
final class StartPage extends VBox {
    final ListView<ModelPickerViewModel.Entry> list = new ListView<>();
    final Button open = new Button("Open");
    private final Label hub = new Label();
    private final ModelPickerViewModel vm;
    private Stage stage;

    StartPage(ModelPickerViewModel vm, Runnable chooseFolder) {
        this.vm = vm;
        setSpacing(8);
        setPadding(new Insets(12));
        Label heading = new Label("Choose a model to explore");
        heading.setStyle("-fx-font-weight: bold; -fx-font-size: 14px;");
        list.setCellFactory(v -> new EntryCell());
        list.setPrefHeight(260);
        list.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) pickSelected();
        });
        list.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER) pickSelected();
        });
        VBox.setVgrow(list, Priority.ALWAYS);
        open.setDefaultButton(true);
        open.setOnAction(e -> pickSelected());
        Button other = new Button("Another folder…");
        other.setOnAction(e -> {
            close();
            chooseFolder.run();
        });
        hub.setStyle("-fx-text-fill: #606068; -fx-font-size: 11px;");
        hub.setWrapText(true);
        getChildren().addAll(heading, list, hub, new HBox(6, open, other));
        vm.addListener(s -> render());
        render();
    }

    /** Shows the page over {@code owner} and lists the models afresh. */
    void show(Window owner) {
        if (stage == null) {
            stage = new Stage();
            stage.setTitle("GSA Explorer — start");
            if (owner != null) stage.initOwner(owner);
            stage.setScene(new Scene(this, 620, 420));
        }
        vm.refresh();
        stage.show();
        stage.toFront();
    }

    boolean showing() {
        return stage != null && stage.isShowing();
    }

    void close() {
        if (stage != null) stage.close();
    }

    private void pickSelected() {
        ModelPickerViewModel.Entry e = list.getSelectionModel().getSelectedItem();
        if (e == null) return;
        close();
        vm.pick(e);
    }

    private void render() {
        ModelPickerViewModel.State s = vm.state();
        if (!list.getItems().equals(s.entries())) list.getItems().setAll(s.entries());
        if (list.getSelectionModel().isEmpty() && !s.entries().isEmpty()) list.getSelectionModel().selectFirst();
        open.setDisable(s.entries().isEmpty());
        boolean cached = s.entries().stream().anyMatch(e -> e.source() == ModelPickerViewModel.Source.HUGGING_FACE);
        hub.setText(s.listing() ? "looking for models…" : cached ? "GSA models found in the Hugging Face cache at " + s.hub()
                : "no GSA models in the Hugging Face cache at " + s.hub());
    }

    /** Title in bold, its line below in grey, and where it comes from. */
    private static final class EntryCell extends ListCell<ModelPickerViewModel.Entry> {
        @Override
        protected void updateItem(ModelPickerViewModel.Entry e, boolean empty) {
            super.updateItem(e, empty);
            if (empty || e == null) {
                setGraphic(null);
                return;
            }
            Label title = new Label(e.title()), line = new Label(e.line()), source = new Label(switch (e.source()) {
                case SAMPLE -> "bundled sample";
                case RECENT -> "recent";
                case HUGGING_FACE -> "Hugging Face";
            });
            title.setStyle("-fx-font-weight: bold;");
            line.setStyle("-fx-text-fill: #505058;");
            source.setStyle("-fx-text-fill: #808088; -fx-font-size: 10px;");
            setGraphic(new VBox(1, new HBox(8, title, source), line));
        }
    }
}
