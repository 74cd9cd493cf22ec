package org.gsaexplorer.visualizer.recall;

import org.gsaexplorer.visualizer.ui.widget.Spinners;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Orientation;
import javafx.scene.layout.Region;
import java.util.function.Function;
import javafx.scene.control.Spinner;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.recall.MqarGenerator;

import java.util.function.Supplier;

/**
 * The recall panel: draw a new MQAR sequence with N pairs, see which queries the model answers right, and step through
 * them; each step sends the main window (through the {@link Navigator}) to the query's token, layer, head and slot.
 * Renders a {@link RecallViewModel}, whose listeners are told on the FX thread.
 */
public final class RecallPanel extends VBox {
    public final Spinner<Integer> pairs = new Spinner<>(1, MqarGenerator.MAX_PAIRS, 8);
    public final Button generate = new Button("New sequence");
    public final Button back = new Button("◀ Back");
    public final Button step = new Button("Step ▶");
    public final Label summary = new Label("no sequence yet");
    public final Label message = new Label();
    public final ListView<String> queries = new ListView<>();
    /** The selected query: where its pair was stored and what the model said. */
    public final Label headline = new Label();
    /** Where the selected query's reads came from, summed by role. */
    public final Label pathSummary = new Label();
    /** The path of the selected query's answer: slots read, the tokens they hold, and the weights. */
    public final TableView<ReadPath> path = new TableView<>();
    /** Rows of the path table: enough to reach the pair's value past the reads that hold the query itself. */
    static final int PATH_ROWS = 12;
    private final RecallViewModel vm;
    private final Supplier<Ablations> ablations;
    private boolean updating;

    /** @param ablations the ablations new sequences run with (the main window's current ones) */
    public RecallPanel(RecallViewModel vm, Supplier<Ablations> ablations) {
        this.vm = vm;
        this.ablations = ablations;
        setSpacing(6);
        setPadding(new Insets(8));
        getStyleClass().add("recall-panel");
        Label title = new Label("Associative recall");
        title.setStyle("-fx-font-weight: bold; -fx-font-size: 13px;");
        Label hint = new Label("Pairs k→v, then every key again: the model must say its value. Step through the queries to see "
                + "which slots each one reads and what those slots hold.");
        hint.setWrapText(true);
        hint.setStyle("-fx-text-fill: #606068; -fx-font-size: 11px;");
        Spinners.editable(pairs);
        pairs.setPrefWidth(80);
        message.setWrapText(true);
        message.setStyle("-fx-text-fill: #b03a2e; -fx-font-size: 11px;");
        queries.setPrefHeight(220);
        queries.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setStyle(empty || item == null ? "" : item.contains("✗") ? "-fx-text-fill: #b03a2e;" : "-fx-text-fill: #1e7b34;");
            }
        });
        headline.setWrapText(true);
        headline.setMinHeight(Region.USE_PREF_SIZE);
        buildPathTable();
        Label pathHint = new Label("query → slots read (p) → tokens they hold (w): p·w is how much of a token reaches the answer");
        pathHint.setWrapText(true);
        pathHint.setMinHeight(Region.USE_PREF_SIZE);
        pathHint.setStyle("-fx-text-fill: #606068; -fx-font-size: 11px;");
        pathSummary.setWrapText(true);
        pathSummary.setMinHeight(Region.USE_PREF_SIZE);
        pathSummary.setStyle("-fx-font-size: 11px;");
        VBox explanation = new VBox(4, new HBox(6, back, step), headline, pathHint, pathSummary, path);
        VBox.setVgrow(path, Priority.ALWAYS);
        // the queries and the explanation share the height through a divider
        SplitPane split = new SplitPane(queries, explanation);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.35);
        VBox.setVgrow(split, Priority.ALWAYS);
        HBox controls = new HBox(6, new Label("pairs"), pairs, generate);
        getChildren().addAll(title, hint, controls, summary, message, split);

        generate.setOnAction(e -> vm.generate(pairs.getValue(), ablations.get()));
        step.setOnAction(e -> vm.stepForward());
        back.setOnAction(e -> vm.stepBack());
        queries.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            if (!updating && b.intValue() >= 0) vm.select(b.intValue());
        });
        vm.addListener(s -> render());
        render();
    }

    private void buildPathTable() {
        path.getColumns().add(column("slot read", ReadPath::read, 92));
        path.getColumns().add(column("p", r -> String.format("%.3f", r.readout()), 48));
        path.getColumns().add(column("holds", r -> r.token() + " @" + r.position(), 70));
        path.getColumns().add(column("w", r -> String.format("%.3f", r.held()), 48));
        path.getColumns().add(column("p·w", r -> String.format("%.3f", r.path()), 48));
        path.getColumns().add(column("role", ReadPath::role, 56));
        path.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        path.setPlaceholder(new Label("step to a query to see its path"));
        path.setStyle("-fx-font-size: 11px;");
        path.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(ReadPath r, boolean empty) {
                super.updateItem(r, empty);
                setStyle(empty || r == null ? "" : r.role().equals("answer") ? "-fx-background-color: #dff0e2;"
                        : r.role().equals("query") ? "-fx-opacity: 0.7;" : "");
            }
        });
    }

    private static TableColumn<ReadPath, String> column(String name, Function<ReadPath, String> value, double width) {
        TableColumn<ReadPath, String> c = new TableColumn<>(name);
        c.setCellValueFactory(f -> new ReadOnlyStringWrapper(value.apply(f.getValue())));
        c.setPrefWidth(width);
        c.setSortable(false);
        return c;
    }

    public RecallViewModel viewModel() {
        return vm;
    }

    private void render() {
        RecallViewModel.State s = vm.state();
        updating = true;
        try {
            generate.setDisable(s.busy());
            summary.setText(s.busy() ? "running…" : vm.summary());
            message.setText(s.error() == null ? "" : s.error());
            if (!queries.getItems().equals(vm.queryRows())) queries.getItems().setAll(vm.queryRows());
            if (s.selected() >= 0) {
                queries.getSelectionModel().select(s.selected());
                queries.scrollTo(Math.max(0, s.selected() - 3));
            } else {
                queries.getSelectionModel().clearSelection();
            }
            headline.setText(vm.headline(s.selected()));
            path.getItems().setAll(vm.path(s.selected(), PATH_ROWS));
            pathSummary.setText(vm.pathSummary(s.selected()));
            int n = s.explanation() == null ? 0 : s.explanation().queries().size();
            step.setDisable(s.selected() + 1 >= n);
            back.setDisable(s.selected() <= 0);
        } finally {
            updating = false;
        }
    }
}
