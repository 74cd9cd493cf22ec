package org.gsaexplorer.visualizer.report;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.gsaexplorer.model.report.Finding;
import org.gsaexplorer.model.report.Report;
import org.gsaexplorer.model.report.Thresholds;
import org.gsaexplorer.visualizer.report.ReportHeatmaps.Quantity;
import org.gsaexplorer.visualizer.render.Heatmap;
import org.gsaexplorer.visualizer.ui.widget.HeatmapCanvas;
import org.gsaexplorer.visualizer.ui.widget.Spinners;

import java.io.File;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Report tab: a corpus file, max tokens and window, Run with progress (tokens/s, time left) and Cancel; the
 * thresholds of the findings (a change judges the report shown anew); the findings worst first with their evidence
 * (clicking one sends the views there); per layer heatmaps of kv heads × slots for mean write, mean α and mean
 * readout (a cell's tooltip gives the slot's figures, a click sends the views to it, outlined); Save as HTML (and JSON
 * beside it). Renders {@link ReportState}s, told on the FX thread.
 */
public final class ReportPanel extends BorderPane {
    public final TextField data = new TextField();
    public final Button choose = new Button("Choose…");
    public final Spinner<Integer> maxTokens = Spinners.editable(new Spinner<>(0, Integer.MAX_VALUE, 0, 1024));
    public final Spinner<Integer> window = Spinners.editable(new Spinner<>(1, 1 << 16, 2048, 256));
    public final Button run = new Button("Run report");
    public final Button cancel = new Button("Cancel");
    public final Button save = new Button("Save as HTML…");
    public final ProgressBar progress = new ProgressBar(0);
    public final Label status = new Label();
    public final Label summary = new Label();
    public final ListView<Finding> findings = new ListView<>();
    public final Spinner<Integer> layer = new Spinner<>(0, 0, 0);
    /** One per {@link Quantity}, in its order. */
    public final List<HeatmapCanvas> heatmaps = List.of(new HeatmapCanvas(), new HeatmapCanvas(), new HeatmapCanvas());
    public final Map<ThresholdField, TextField> thresholds = new EnumMap<>(ThresholdField.class);
    public final Button defaults = new Button("Defaults");
    private final ReportViewModel vm;
    private Report shown;
    private Thresholds shownThresholds;
    // the kv head and slot outlined in the heatmaps: the cell or finding clicked last, or −1
    private int markHead = -1, markSlot = -1;
    /** Asks where to save (suggested name → path, null: cancelled); tests answer it themselves. */
    private Function<String, Path> saveAs = this::chooseSavePath;

    public ReportPanel(ReportViewModel vm) {
        this.vm = vm;
        getStyleClass().add("report-panel");
        data.setPromptText("corpus: a text file, a .jsonl file (field \"text\") or a folder of them");
        HBox.setHgrow(data, Priority.ALWAYS);
        maxTokens.setTooltip(new Tooltip("read at most this many tokens (0: the whole corpus)"));
        window.setTooltip(new Tooltip("tokens per window, each run from the empty state"));
        maxTokens.setPrefWidth(110);
        window.setPrefWidth(90);
        layer.setPrefWidth(70);
        FlowPane options = new FlowPane(8, 6, new Label("max tokens"), maxTokens, new Label("window"), window, run, cancel, save);
        options.setAlignment(Pos.CENTER_LEFT);
        HBox file = new HBox(6, new Label("corpus"), data, choose);
        file.setAlignment(Pos.CENTER_LEFT);
        progress.setMaxWidth(Double.MAX_VALUE);
        status.setWrapText(true);
        summary.setStyle("-fx-font-weight: bold;");
        FlowPane limits = new FlowPane(8, 6);
        limits.setAlignment(Pos.CENTER_LEFT);
        for (ThresholdField f : ThresholdField.values()) {
            TextField t = new TextField();
            t.setPrefColumnCount(5);
            t.setTooltip(new Tooltip(f.meaning + " (default " + f.text(Thresholds.DEFAULTS) + "; Enter applies it)"));
            t.setOnAction(e -> commit(f));
            t.focusedProperty().addListener((o, was, is) -> {
                if (!is) commit(f);
            });
            thresholds.put(f, t);
            limits.getChildren().addAll(new Label(f.label), t);
        }
        defaults.setTooltip(new Tooltip("the documented defaults"));
        limits.getChildren().add(defaults);
        VBox top = new VBox(6, file, options, limits, progress, status, summary);
        top.setPadding(new Insets(8));
        setTop(top);

        findings.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(Finding f, boolean empty) {
                super.updateItem(f, empty);
                setText(empty || f == null ? null : ReportText.line(f));
                setTooltip(empty || f == null ? null : new Tooltip(f.detail() + "\nclick: show it in the views"));
            }
        });
        findings.setPlaceholder(new Label("no findings to show"));
        findings.getSelectionModel().selectedItemProperty().addListener((o, a, f) -> {
            if (f == null) return;
            markFinding(f);
            vm.open(f);
        });
        VBox pictures = new VBox(6, new HBox(6, new Label("layer"), layer));
        for (Quantity q : Quantity.values()) {
            HeatmapCanvas c = heatmaps.get(q.ordinal());
            c.setPrefSize(640, 150);
            c.setCellNotes((h, m) -> shown == null ? null : ReportText.cell(shown.stats().slot(layer.getValue(), h, m)));
            c.setOnCellClicked((h, m) -> {
                mark(h, m);
                vm.open(q, layer.getValue(), h, m);
            });
            pictures.getChildren().add(c);
        }
        pictures.setPadding(new Insets(6));
        ScrollPane picturesScroll = new ScrollPane(pictures);
        picturesScroll.setFitToWidth(true);
        SplitPane split = new SplitPane(findings, picturesScroll);
        split.setDividerPositions(0.42);
        setCenter(split);

        choose.setOnAction(e -> chooseData());
        run.setOnAction(e -> vm.run(data.getText().isBlank() ? null : Path.of(data.getText().strip()), maxTokens.getValue(), window.getValue()));
        cancel.setOnAction(e -> vm.cancel());
        defaults.setOnAction(e -> vm.setThresholds(Thresholds.DEFAULTS));
        save.setOnAction(e -> {
            Path p = saveAs.apply("report.html");
            if (p != null) vm.save(p);
        });
        layer.valueProperty().addListener((o, a, b) -> drawLayer());
        vm.addListener(this::show);
        show(vm.state());
    }

    public ReportViewModel viewModel() {
        return vm;
    }

    /** Where Save asks for a path; tests pass their own answer. */
    public void answerSaveWith(Function<String, Path> answer) {
        saveAs = answer;
    }

    private void chooseData() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Corpus for the report");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Text or JSONL", "*.txt", "*.jsonl", "*.md", "*.rs"),
                new FileChooser.ExtensionFilter("Any file", "*"));
        File f = fc.showOpenDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) data.setText(f.getPath());
    }

    private Path chooseSavePath(String suggested) {
        FileChooser fc = new FileChooser();
        fc.setTitle("Save the report (the JSON goes beside it)");
        fc.setInitialFileName(suggested);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("HTML", "*.html"));
        File f = fc.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        return f == null ? null : f.toPath();
    }

    /** Applies what field {@code f} says; a rejected value gives way to the one in force (the status says why). */
    private void commit(ThresholdField f) {
        TextField t = thresholds.get(f);
        if (t.getText().strip().equals(f.text(vm.state().thresholds()))) return;
        vm.setThreshold(f, t.getText());
        t.setText(f.text(vm.state().thresholds()));
    }

    /** Outlines a finding's slot in the heatmaps, on its layer. */
    private void markFinding(Finding f) {
        if (shown == null || f.layer() < 0) return;
        int kvHead = f.kind() == Finding.Kind.READOUT_COLLAPSE ? f.head() / (shown.stats().queryHeads() / shown.stats().kvHeads()) : f.head();
        markHead = kvHead;
        markSlot = f.slot();
        if (layer.getValue() != f.layer()) layer.getValueFactory().setValue(f.layer());
        else drawLayer();
    }

    private void mark(int head, int slot) {
        markHead = head;
        markSlot = slot;
        drawLayer();
    }

    private void show(ReportState s) {
        progress.setProgress(s.running() ? Math.max(0.01, s.fraction()) : s.report() == null ? 0 : 1);
        status.setText(s.status());
        run.setDisable(s.running());
        cancel.setDisable(!s.running());
        save.setDisable(s.report() == null || s.running());
        if (s.thresholds() != shownThresholds) {
            shownThresholds = s.thresholds();
            thresholds.forEach((f, t) -> t.setText(f.text(shownThresholds)));
        }
        if (s.report() == shown) return;
        if (shown == null || s.report() == null || shown.stats() != s.report().stats()) markHead = markSlot = -1;
        shown = s.report();
        summary.setText(shown == null ? "" : ReportText.summary(shown.findings()));
        // a new list is not a click: nothing may stay selected and be opened
        findings.getSelectionModel().clearSelection();
        findings.getItems().setAll(s.findings());
        int layers = shown == null ? 1 : shown.stats().layers();
        layer.setValueFactory(new javafx.scene.control.SpinnerValueFactory.IntegerSpinnerValueFactory(0, layers - 1,
                Math.min(layer.getValue(), layers - 1)));
        drawLayer();
    }

    private void drawLayer() {
        if (shown == null) return;
        List<Heatmap> maps = ReportHeatmaps.of(shown.stats(), layer.getValue(), markHead, markSlot);
        for (int i = 0; i < heatmaps.size(); i++) heatmaps.get(i).setHeatmap(maps.get(i));
    }
}
