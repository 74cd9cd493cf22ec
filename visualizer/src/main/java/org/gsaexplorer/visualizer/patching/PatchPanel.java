package org.gsaexplorer.visualizer.patching;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.gsaexplorer.model.patch.PatchGrain;
import org.gsaexplorer.model.patch.PatchResult;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.ui.widget.HeatmapCanvas;
import org.gsaexplorer.visualizer.ui.widget.Spinners;

import java.util.function.Supplier;

/**
 * The Patching tab: clean and corrupted prompts (or the clean one with one token replaced; "From the explorer" takes
 * its prompt and the token at its cursor), the patched token T, grain, layers, answer and foil (blank: the clean and
 * the corrupted run's top-1), Run with progress and Cancel, and the effects as a heatmap on the diverging map; a click
 * on a cell sends the views to that component. Renders {@link PatchState}s, told on the FX thread.
 */
public final class PatchPanel extends BorderPane {
    // text areas: prompts hold newlines (code, byte-level text), which a text field would drop
    public final TextArea clean = new TextArea(), corrupt = new TextArea();
    public final TextField replacement = new TextField();
    public final CheckBox replaceOne = new CheckBox("corrupt = clean with token #");
    public final Spinner<Integer> replaceAt = Spinners.editable(new Spinner<>(0, 1 << 20, 0));
    public final Spinner<Integer> at = Spinners.editable(new Spinner<>(1, 1 << 20, 1));
    public final ComboBox<PatchGrain> grain = new ComboBox<>();
    public final TextField layers = new TextField("all"), answer = new TextField(), foil = new TextField();
    public final Button fromExplorer = new Button("From the explorer");
    public final Button run = new Button("Run sweep");
    public final Button cancel = new Button("Cancel");
    public final ProgressBar progress = new ProgressBar(0);
    public final Label status = new Label();
    public final HeatmapCanvas effects = new HeatmapCanvas();
    private final PatchViewModel vm;
    private final Supplier<ExplorerSnapshot> explorer;
    private PatchResult shown;

    /** @param explorer the explorer's current snapshot: its prompt and cursor fill the form on "From the explorer" */
    public PatchPanel(PatchViewModel vm, Supplier<ExplorerSnapshot> explorer) {
        this.vm = vm;
        this.explorer = explorer;
        getStyleClass().add("patch-panel");
        grain.getItems().addAll(PatchGrain.values());
        grain.setValue(PatchGrain.SLOT);
        grain.setConverter(new StringConverter<>() {
            @Override
            public String toString(PatchGrain g) {
                return g == null ? "" : g.id();
            }

            @Override
            public PatchGrain fromString(String s) {
                return PatchGrain.parse(s);
            }
        });
        clean.setPromptText("clean prompt");
        corrupt.setPromptText("corrupted prompt, as many tokens as the clean one");
        replacement.setPromptText("one token");
        answer.setPromptText("clean top-1");
        foil.setPromptText("corrupted top-1");
        clean.setPrefRowCount(2);
        corrupt.setPrefRowCount(2);
        layers.setPrefColumnCount(6);
        answer.setPrefColumnCount(6);
        foil.setPrefColumnCount(6);
        replacement.setPrefColumnCount(6);
        replaceAt.setPrefWidth(80);
        at.setPrefWidth(80);
        fromExplorer.setTooltip(new Tooltip("clean = the explorer's prompt; corrupt = it with the token at the cursor replaced; T = the token after it"));
        at.setTooltip(new Tooltip("T: the state after token T−1 (0-based) is patched, then tokens T.. run"));
        corrupt.disableProperty().bind(replaceOne.selectedProperty());
        replacement.disableProperty().bind(replaceOne.selectedProperty().not());
        replaceAt.disableProperty().bind(replaceOne.selectedProperty().not());

        GridPane form = new GridPane();
        form.setHgap(6);
        form.setVgap(6);
        form.addRow(0, new Label("clean"), clean);
        form.addRow(1, new Label("corrupt"), corrupt);
        GridPane.setHgrow(clean, Priority.ALWAYS);
        GridPane.setHgrow(corrupt, Priority.ALWAYS);
        FlowPane replace = new FlowPane(6, 6, replaceOne, replaceAt, new Label("replaced by"), replacement, fromExplorer);
        replace.setAlignment(Pos.CENTER_LEFT);
        FlowPane options = new FlowPane(8, 6, new Label("T"), at, new Label("grain"), grain, new Label("layers"), layers,
                new Label("answer"), answer, new Label("foil"), foil, run, cancel);
        options.setAlignment(Pos.CENTER_LEFT);
        progress.setMaxWidth(Double.MAX_VALUE);
        status.setWrapText(true);
        VBox top = new VBox(6, form, replace, options, progress, status);
        top.setPadding(new Insets(8));
        setTop(top);
        effects.setPrefSize(800, 420);
        setCenter(effects);
        BorderPane.setMargin(effects, new Insets(0, 8, 8, 8));

        fromExplorer.setOnAction(e -> fillFromExplorer());
        run.setOnAction(e -> vm.run(request()));
        cancel.setOnAction(e -> vm.cancel());
        effects.setOnCellClicked(vm::open);
        vm.addListener(this::show);
        show(vm.state());
    }

    public PatchViewModel viewModel() {
        return vm;
    }

    /** The sweep the form describes. */
    public PatchRequest request() {
        return new PatchRequest(clean.getText(), corrupt.getText(), replaceOne.isSelected() ? replaceAt.getValue() : -1,
                replacement.getText(), at.getValue(), grain.getValue(), layers.getText(), answer.getText(), foil.getText());
    }

    /** Clean = the explorer's prompt; the token at its cursor is the one replaced; T is the token after it. */
    void fillFromExplorer() {
        ExplorerSnapshot s = explorer.get();
        if (s.model() == null || s.prompt().isEmpty()) return;
        clean.setText(s.prompt());
        replaceOne.setSelected(true);
        int token = Math.max(0, s.current());
        replaceAt.getValueFactory().setValue(token);
        at.getValueFactory().setValue(token + 1);
    }

    private void show(PatchState s) {
        progress.setProgress(s.running() ? Math.max(0.01, s.fraction()) : s.result() == null ? 0 : 1);
        status.setText(s.status());
        run.setDisable(s.running());
        cancel.setDisable(!s.running());
        if (s.result() == shown) return;
        shown = s.result();
        if (shown != null) effects.setHeatmap(PatchHeatmap.of(shown, s.answerText(), s.foilText()));
    }
}
