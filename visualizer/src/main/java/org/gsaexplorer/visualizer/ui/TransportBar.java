package org.gsaexplorer.visualizer.ui;

import org.gsaexplorer.visualizer.ui.widget.Spinners;
import org.gsaexplorer.visualizer.ui.widget.TokenStrip;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import org.gsaexplorer.visualizer.ui.widget.Glyphs;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.session.ExplorerViewModel;
import org.gsaexplorer.model.generate.Sampler;
import org.gsaexplorer.visualizer.session.Selection;

import java.util.List;
import java.util.function.Consumer;

/**
 * The top of the window: the prompt, the transport (step, run, jump, generate with its sampling), the selection of
 * layer, head, slot and window, the scrubber and the token strip. Controls send commands; {@link #show} sets them
 * from a snapshot without sending anything back.
 */
final class TransportBar extends VBox {
    private final ExplorerViewModel vm;
    private final TokenStrip strip = new TokenStrip();
    private final Slider scrubber = new Slider(1, 1, 1);
    final TextArea prompt = new TextArea();
    private final Spinner<Integer> layer = new Spinner<>(0, 0, 0), head = new Spinner<>(0, 0, 0), slot = new Spinner<>(0, 0, 0),
            window = new Spinner<>(8, 4096, Selection.DEFAULT.window(), 16);
    private final Spinner<Double> temperature = new Spinner<>(0.0, 5.0, 0.0, 0.1);
    private final Spinner<Integer> topK = new Spinner<>(0, 1000, 0), genCount = new Spinner<>(1, 10000, 8);
    final Slider speed = new Slider(1, 60, 8);
    final ToggleButton runButton = new ToggleButton("Run", Glyphs.play());
    final TextField jumpField = new TextField();
    private final Label position = new Label();
    private boolean updating;
    private String shownPrompt;
    private int shownCurrent = -1;

    TransportBar(ExplorerViewModel vm, Consumer<String> onError) {
        this.vm = vm;
        Button back = new Button("◀ Back");
        back.setTooltip(new Tooltip("Step back one token (Ctrl+Left)"));
        back.setOnAction(e -> vm.stepBack());
        Button step = new Button("Step ▶");
        step.setTooltip(new Tooltip("Step one token; at the end, generate one (Ctrl+Right)"));
        step.setOnAction(e -> vm.step());
        runButton.setTooltip(new Tooltip("Play the sequence to its end at the chosen speed (from the end: again from the start), or pause (Ctrl+Space); Generate makes new tokens"));
        runButton.setOnAction(e -> {
            if (runButton.isSelected()) vm.run(speed.getValue());
            else vm.pause();
        });
        speed.setPrefWidth(90);
        speed.setTooltip(new Tooltip("tokens per second"));
        jumpField.setPrefColumnCount(5);
        jumpField.setPromptText("jump to");
        jumpField.setTooltip(new Tooltip("The current token; type a position and press Enter to jump there"));
        jumpField.setOnAction(e -> {
            try {
                vm.jump(Integer.parseInt(jumpField.getText().trim()) + 1);
            } catch (NumberFormatException ex) {
                onError.accept("jump: '" + jumpField.getText() + "' is not a token position");
            }
            // the box follows the cursor again from the next snapshot on
            shownCurrent = -1;
            requestFocus();
        });
        jumpField.focusedProperty().addListener((o, a, focused) -> {
            if (focused) Platform.runLater(jumpField::selectAll);
        });
        Button gen = new Button("Generate");
        gen.setTooltip(new Tooltip("Generate tokens from the cursor (Ctrl+G); tokens after the cursor are replaced"));
        gen.setOnAction(e -> vm.setSampler(new Sampler(temperature.getValue(), topK.getValue(), System.nanoTime()))
                .thenRun(() -> vm.generate(genCount.getValue())));
        for (Spinner<?> s : List.of(layer, head, slot, window, temperature, topK, genCount)) {
            s.setPrefWidth(72);
            Spinners.editable(s);
        }
        for (Spinner<Integer> s : List.of(layer, head, slot, window)) s.valueProperty().addListener((o, a, b) -> selectionChanged());
        genCount.setTooltip(new Tooltip("How many tokens Generate makes"));
        temperature.setTooltip(new Tooltip("Sampling temperature: 0 always takes the most likely token, higher values sample more freely"));
        topK.setTooltip(new Tooltip("Sample only among the k most likely tokens (0: all)"));
        layer.setTooltip(new Tooltip("The layer the views show"));
        head.setTooltip(new Tooltip("The query head the views show (its kv head for slot views)"));
        slot.setTooltip(new Tooltip("The slot the provenance view follows (or click a heatmap row)"));
        window.setTooltip(new Tooltip("How many tokens before the cursor the views show"));
        // a toolbar that wraps onto a second line when narrow; a label keeps its control beside it
        FlowPane bar = new FlowPane(6, 4, group(back, step, runButton, new Label("speed"), speed), group(new Label("token"), jumpField),
                group(gen, genCount, new Label("temp"), temperature, new Label("top-k"), topK),
                group(new Label("layer"), layer, new Label("head"), head, new Label("slot"), slot, new Label("window"), window));
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 8, 4, 8));
        prompt.setPrefRowCount(2);
        prompt.setWrapText(true);
        prompt.setStyle("-fx-font-family: monospace;");
        Button runPrompt = new Button("Run prompt");
        runPrompt.setOnAction(e -> vm.setPrompt(prompt.getText()));
        HBox promptRow = new HBox(6, new Label("Prompt"), prompt, runPrompt);
        HBox.setHgrow(prompt, Priority.ALWAYS);
        promptRow.setAlignment(Pos.CENTER_LEFT);
        promptRow.setPadding(new Insets(2, 8, 2, 8));
        scrubber.setBlockIncrement(1);
        scrubber.setMajorTickUnit(1);
        scrubber.setSnapToTicks(true);
        scrubber.valueProperty().addListener((o, a, b) -> { if (!updating) vm.jump((int) Math.round(b.doubleValue())); });
        HBox scrubRow = new HBox(6, new Label("Scrub"), scrubber, position);
        HBox.setHgrow(scrubber, Priority.ALWAYS);
        scrubRow.setAlignment(Pos.CENTER_LEFT);
        scrubRow.setPadding(new Insets(0, 8, 2, 8));
        strip.setOnJump(vm::jump);
        getChildren().addAll(promptRow, bar, scrubRow, strip);
        setStyle("-fx-background-color: #f6f6f8; -fx-border-color: #d4d4da; -fx-border-width: 0 0 1 0;");
    }

    /** Controls kept together on one line of the wrapping toolbar; labels keep their whole text. */
    private static HBox group(Node... nodes) {
        for (Node n : nodes) if (n instanceof Label l) l.setMinWidth(Region.USE_PREF_SIZE);
        HBox g = new HBox(6, nodes);
        g.setAlignment(Pos.CENTER_LEFT);
        g.setMinWidth(Region.USE_PREF_SIZE);
        return g;
    }

    /** The prompt as typed, which a reload of the same model keeps. */
    String promptText() {
        return prompt.getText();
    }

    /** The token strip, which {@link TokenLinks} outlines hovered tokens in. */
    TokenStrip strip() {
        return strip;
    }

    /** The tokens the strip shows. */
    String stripText() {
        return strip.getAccessibleText();
    }

    /** Run / pause, as the button does. */
    void toggleRun() {
        runButton.fire();
    }

    /** How many tokens Generate makes. */
    int generateCount() {
        return genCount.getValue();
    }

    /** Selects a slot, as a click on a heatmap row asks. */
    void selectSlot(int s) {
        slot.getValueFactory().setValue(s);
    }

    /** Selects a layer and query head, as a click on an overview tile asks. */
    void selectLayerAndHead(int l, int h) {
        layer.getValueFactory().setValue(l);
        head.getValueFactory().setValue(h);
    }

    private void selectionChanged() {
        if (updating) return;
        // a typed value outside a spinner's range is seen here before the spinner puts it back in range (then this
        // runs again); a negative layer was an IllegalArgumentException on the FX thread (found by the monkey test)
        for (Spinner<Integer> s : List.of(layer, head, slot, window)) {
            var f = (SpinnerValueFactory.IntegerSpinnerValueFactory) s.getValueFactory();
            if (s.getValue() == null || s.getValue() < f.getMin() || s.getValue() > f.getMax()) return;
        }
        vm.select(new Selection(layer.getValue(), head.getValue(), slot.getValue(), window.getValue()));
    }

    void show(ExplorerSnapshot s) {
        updating = true;
        try {
            scrubber.setMax(Math.max(1, s.computed()));
            scrubber.setValue(s.cursor());
            if (s.model() != null) {
                var c = s.model().config();
                bound(layer, c.numLayers() - 1, s.selection().layer());
                bound(head, c.numHeads() - 1, s.selection().head());
                bound(slot, c.numSlots() - 1, s.selection().slot());
            }
            // the box shows the explorer's prompt whenever that changes (another model, a tour step), but what the
            // user types stays until then
            if (!s.prompt().equals(shownPrompt)) {
                shownPrompt = s.prompt();
                prompt.setText(s.prompt());
            }
            if (runButton.isSelected() != s.running()) runButton.setSelected(s.running());
            if (s.running() != (runButton.getGraphic() instanceof HBox)) {
                runButton.setText(s.running() ? "Pause" : "Run");
                runButton.setGraphic(s.running() ? Glyphs.pause() : Glyphs.play());
            }
        } finally {
            updating = false;
        }
        position.setText(s.computed() == 0 ? "" : "token " + s.current() + " of " + s.computed());
        if (!jumpField.isFocused() && s.current() != shownCurrent) {
            shownCurrent = s.current();
            jumpField.setText(s.computed() == 0 ? "" : Integer.toString(s.current()));
        }
        strip.show(s);
    }

    private static void bound(Spinner<Integer> s, int max, int value) {
        SpinnerValueFactory.IntegerSpinnerValueFactory f = (SpinnerValueFactory.IntegerSpinnerValueFactory) s.getValueFactory();
        if (f.getMax() != max) f.setMax(max);
        if (f.getValue() != value) f.setValue(value);
    }
}
