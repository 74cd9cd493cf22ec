package org.gsaexplorer.visualizer.ui;

import org.gsaexplorer.visualizer.ui.widget.Spinners;
import javafx.geometry.Insets;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import org.controlsfx.control.ToggleSwitch;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.ablation.Intervention;
import org.gsaexplorer.model.ablation.Readout;
import org.gsaexplorer.model.config.FeatureMap;

import java.util.function.Consumer;

/**
 * Every ablation the engine supports, as switches and fields; each change hands the new {@link Ablations} to the view
 * model, which re-runs the sequence without reloading. Combinations the engine refuses are reported, not applied.
 */
public final class AblationPanel extends VBox {
    public final ToggleSwitch noForget = new ToggleSwitch("no forgetting (α = 1)");
    public final ToggleSwitch constant = new ToggleSwitch("constant decay α = C");
    public final Slider constantValue = new Slider(0.5, 1.0, 0.95);
    public final ToggleSwitch mean = new ToggleSwitch("per-slot mean decay");
    public final ChoiceBox<Readout> readout = new ChoiceBox<>();
    public final Spinner<Integer> slots = new Spinner<>(0, 4096, 0);
    public final ChoiceBox<String> featureMap = new ChoiceBox<>();
    public final Spinner<Integer> resetAt = new Spinner<>(-1, 1 << 20, -1);
    /** Targeted interventions as --ablate specs separated by spaces or commas, applied on Enter. */
    public final TextField interventions = new TextField();
    private final Label message = new Label();
    private boolean updating;

    public AblationPanel(Consumer<Ablations> onChange, Consumer<String> onError) {
        setSpacing(8);
        setPadding(new Insets(8));
        setPrefWidth(230);
        getStyleClass().add("ablations");
        readout.getItems().setAll(Readout.values());
        readout.setValue(Readout.SOFTMAX);
        readout.setConverter(new javafx.util.StringConverter<>() {
            @Override public String toString(Readout r) { return r == null ? "" : r.id; }
            @Override public Readout fromString(String s) { return Readout.parse(s); }
        });
        featureMap.getItems().setAll("model's own", "swish", "relu", "relu2", "identity");
        featureMap.setValue("model's own");
        constantValue.setShowTickLabels(true);
        constantValue.setMajorTickUnit(0.1);
        Spinners.editable(slots);
        Spinners.editable(resetAt);
        interventions.setPromptText("knockout=L:H:M@T  force-gate=L:H:M=A@T1-T2");
        interventions.setTooltip(new javafx.scene.control.Tooltip("knockout=L:H:M[@T], force-gate=L:H:M=A[@T1-T2], clamp-readout=L:Hq:M, "
                + "zero-head=L:H; several separated by spaces; Enter applies"));
        message.setWrapText(true);
        message.setStyle("-fx-text-fill: #b03a2e; -fx-font-size: 11px;");
        Label title = new Label("Ablations");
        title.setStyle("-fx-font-weight: bold; -fx-font-size: 13px;");
        Label hint = new Label("Each change re-runs the prompt on the loaded model.");
        hint.setWrapText(true);
        hint.setStyle("-fx-text-fill: #606068; -fx-font-size: 11px;");
        getChildren().addAll(title, hint, noForget, constant, constantValue, mean,
                new Label("readout nonlinearity"), readout, new Label("slot budget (0 = all)"), slots,
                new Label("feature map on q, k"), featureMap, new Label("reset state before token (−1 = off)"), resetAt,
                new Label("interventions (Enter applies)"), interventions, message);
        Runnable changed = () -> {
            if (updating) return;
            try {
                Ablations a = current();
                message.setText("");
                onChange.accept(a);
            } catch (GsaException e) {
                message.setText(e.getMessage());
                onError.accept(e.getMessage());
            }
        };
        noForget.selectedProperty().addListener((o, a, b) -> changed.run());
        constant.selectedProperty().addListener((o, a, b) -> changed.run());
        constantValue.valueChangingProperty().addListener((o, a, b) -> { if (!b && constant.isSelected()) changed.run(); });
        mean.selectedProperty().addListener((o, a, b) -> changed.run());
        readout.valueProperty().addListener((o, a, b) -> changed.run());
        slots.valueProperty().addListener((o, a, b) -> changed.run());
        featureMap.valueProperty().addListener((o, a, b) -> changed.run());
        resetAt.valueProperty().addListener((o, a, b) -> changed.run());
        interventions.setOnAction(e -> changed.run());
    }

    /** Sets the controls to {@code a} (a restored session, a panel's request) without sending it back as a change. */
    public void show(Ablations a) {
        updating = true;
        try {
            noForget.setSelected(a.noForget());
            constant.setSelected(a.constantDecay() != null);
            if (a.constantDecay() != null) constantValue.setValue(a.constantDecay());
            mean.setSelected(a.meanDecay() || a.decayTable() != null);
            readout.setValue(a.readout());
            slots.getValueFactory().setValue(a.slotBudget());
            featureMap.setValue(a.featureMap() == null ? "model's own" : a.featureMap().id);
            resetAt.getValueFactory().setValue(a.resetAt());
            interventions.setText(String.join(" ", a.interventions().all().stream().map(Intervention::spec).toList()));
            message.setText("");
        } finally {
            updating = false;
        }
    }

    /** The ablations the controls describe; a GsaException when they contradict each other. */
    public Ablations current() {
        Ablations a = Ablations.NONE.withNoForget(noForget.isSelected());
        if (constant.isSelected()) {
            if (a.noForget()) throw new GsaException("no forgetting and a constant decay both set α; choose one");
            a = a.withConstantDecay((float) (Math.round(constantValue.getValue() * 1000) / 1000.0));
        }
        if (mean.isSelected()) {
            if (a.noForget() || a.constantDecay() != null) throw new GsaException("mean decay cannot be combined with another decay; choose one");
            a = a.withMeanDecay(true);
        }
        a = a.withReadout(readout.getValue()).withSlotBudget(slots.getValue()).withResetAt(resetAt.getValue());
        if (!featureMap.getValue().equals("model's own")) a = a.withFeatureMap(FeatureMap.parse(featureMap.getValue(), "feature map"));
        for (String spec : interventions.getText().strip().split("[\\s,]+")) {
            if (spec.isEmpty()) continue;
            int eq = spec.indexOf('=');
            if (Intervention.parse(eq < 0 ? spec : spec.substring(0, eq), eq < 0 ? "" : spec.substring(eq + 1)) == null)
                throw new GsaException("'" + GsaException.oneLine(spec) + "' is not an intervention (knockout=, force-gate=, clamp-readout=, zero-head=)");
            a = Ablations.parse(a, spec);
        }
        return a;
    }
}
