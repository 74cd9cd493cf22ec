package org.gsaexplorer.visualizer.throughput;

import org.gsaexplorer.visualizer.ui.widget.Spinners;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.FileChooser;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.backend.Backends;
import org.gsaexplorer.bench.ModelShape;
import org.gsaexplorer.bench.ThroughputBench;
import org.gsaexplorer.visualizer.tasks.BackgroundTasks;
import org.jfree.chart.fx.ChartViewer;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Side-by-side throughput of GSA, Transformer++ and GLA at one shape, measured live on this machine: settings, a
 * progress bar with cancel, the charts and the text table, and export of the data (CSV/JSON) and of a chart (PNG/SVG).
 * Self-contained: embed it anywhere (with tasks that deliver on the FX thread) and call {@link #useModel} to bench the
 * loaded checkpoint.
 */
public final class ThroughputPanel extends BorderPane {
    private static final String LOADED = "loaded model";

    private final ThroughputViewModel vm;
    private final ComboBox<String> shape = new ComboBox<>();
    private final List<CheckBox> archs = new ArrayList<>();
    private final TextField backends = new TextField(String.join(",", Backends.names()));
    private final TextField contexts = new TextField("1024,2048,4096");
    private final Spinner<Integer> prompt = new Spinner<>(1, 1 << 16, 256, 64);
    private final Spinner<Integer> gen = new Spinner<>(1, 4096, 16, 8);
    private final Spinner<Integer> reps = new Spinner<>(1, 100, 3);
    private final Button run = new Button("Run");
    private final Button cancel = new Button("Cancel");
    private final ProgressBar progress = new ProgressBar(0);
    private final Label status = new Label("not run yet");
    private final TabPane tabs = new TabPane();
    private final TextArea table = new TextArea();
    private Path modelDir;

    public ThroughputPanel(BackgroundTasks tasks) {
        vm = new ThroughputViewModel(tasks);
        shape.getItems().addAll(ModelShape.presets().keySet());
        shape.setValue("tiny");
        shape.setTooltip(new Tooltip(String.join("\n", ModelShape.presets().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList())));
        for (String a : ThroughputBench.ARCHS) {
            CheckBox c = new CheckBox(a);
            c.setSelected(true);
            archs.add(c);
        }
        backends.setPrefColumnCount(14);
        backends.setTooltip(new Tooltip("GSA backends, comma-separated; two or more are compared. The baselines run in plain Java"));
        contexts.setPrefColumnCount(16);
        for (Spinner<Integer> s : List.of(prompt, gen, reps)) {
            Spinners.editable(s);
            s.setPrefWidth(90);
        }
        FlowPane settings = new FlowPane(8, 6);
        settings.setPadding(new Insets(6));
        settings.getChildren().addAll(new Label("shape"), shape);
        settings.getChildren().addAll(archs);
        settings.getChildren().addAll(new Label("GSA backends"), backends, new Label("contexts"), contexts,
                new Label("prompt"), prompt, new Label("generate"), gen, new Label("reps"), reps, run, cancel);
        HBox bar = new HBox(8, progress, status);
        bar.setPadding(new Insets(0, 6, 6, 6));
        HBox.setHgrow(status, Priority.ALWAYS);
        progress.setPrefWidth(220);
        BorderPane top = new BorderPane(settings, null, null, bar, null);
        setTop(top);

        table.setEditable(false);
        table.setStyle("-fx-font-family: monospace;");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        setCenter(tabs);

        Button data = new Button("Export data (CSV/JSON)...");
        Button image = new Button("Export chart (PNG/SVG)...");
        data.setOnAction(e -> exportData());
        image.setOnAction(e -> exportChart());
        HBox exports = new HBox(8, data, image);
        exports.setPadding(new Insets(6));
        setBottom(exports);

        run.setOnAction(e -> start());
        cancel.setOnAction(e -> vm.cancel());
        vm.addListener(this::refresh);
        refresh();
    }

    /** Offers the explorer's loaded checkpoint as the GSA model (its real weights; the baselines take its shape). */
    public void useModel(Path dir) {
        modelDir = dir;
        if (!shape.getItems().contains(LOADED)) shape.getItems().addFirst(LOADED);
        shape.setValue(LOADED);
    }

    public ThroughputViewModel viewModel() {
        return vm;
    }

    private void start() {
        try {
            List<String> chosen = archs.stream().filter(CheckBox::isSelected).map(CheckBox::getText).toList();
            boolean loaded = LOADED.equals(shape.getValue()) && modelDir != null;
            vm.start(ThroughputViewModel.options(loaded ? null : shape.getValue(), loaded ? modelDir : null, chosen, backends.getText(),
                    contexts.getText(), prompt.getValue(), gen.getValue(), reps.getValue()));
        } catch (GsaException e) {
            status.setText(e.getMessage());
        }
    }

    private void refresh() {
        ThroughputViewModel.State s = vm.state();
        boolean running = s.status() == ThroughputViewModel.Status.RUNNING;
        run.setDisable(running);
        cancel.setDisable(!running);
        progress.setProgress(s.progress());
        status.setText(s.status() == ThroughputViewModel.Status.FAILED ? "failed: " + s.message() : s.message());
        if (!running && s.report() != null && (tabs.getTabs().isEmpty() || tabs.getUserData() != s.report())) showCharts();
    }

    private void showCharts() {
        tabs.getTabs().clear();
        for (ThroughputCharts.Named n : vm.charts()) {
            Tab t = new Tab(n.chart().getTitle().getText(), new ChartViewer(n.chart()));
            t.setUserData(n);
            tabs.getTabs().add(t);
        }
        table.setText(vm.table());
        tabs.getTabs().add(new Tab("Table", table));
        tabs.setUserData(vm.state().report());
    }

    private void exportData() {
        FileChooser fc = new FileChooser();
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("CSV", "*.csv"), new FileChooser.ExtensionFilter("JSON", "*.json"));
        fc.setInitialFileName("throughput.csv");
        File f = fc.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (f == null) return;
        try {
            vm.exportData(f.toPath());
            status.setText("saved " + f);
        } catch (GsaException e) {
            status.setText(e.getMessage());
        }
    }

    private void exportChart() {
        Tab t = tabs.getSelectionModel().getSelectedItem();
        if (t == null || !(t.getUserData() instanceof ThroughputCharts.Named n)) {
            status.setText("select a chart tab to export");
            return;
        }
        FileChooser fc = new FileChooser();
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("PNG", "*.png"), new FileChooser.ExtensionFilter("SVG", "*.svg"));
        fc.setInitialFileName(n.name() + ".png");
        File f = fc.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (f == null) return;
        try {
            Path p = f.toPath();
            if (p.getFileName().toString().toLowerCase().endsWith(".svg")) ThroughputViewModel.exportSvg(n.chart(), p, 900, 560);
            else ThroughputViewModel.exportPng(n.chart(), p, 900, 560);
            status.setText("saved " + f);
        } catch (GsaException e) {
            status.setText(e.getMessage());
        }
    }
}
