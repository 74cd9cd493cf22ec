package org.gsaexplorer.visualizer.ui;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.views.Titles;

/**
 * The bottom line: the model and its shape, an "ablated: …" badge while an ablation is on, backend and device, speed,
 * memory, and a load's progress with Cancel.
 */
final class StatusBar extends HBox {
    private static final long MEMORY_EVERY = 250_000_000L;
    private final Label model = new Label(), device = new Label(), memory = new Label(), speed = new Label(), ablated = new Label();
    private final ProgressBar progress = new ProgressBar();
    private final Button cancel = new Button("Cancel");
    private long memoryShownAt;

    StatusBar(Runnable cancelLoad) {
        progress.setPrefWidth(160);
        progress.setVisible(false);
        cancel.setVisible(false);
        cancel.setOnAction(e -> cancelLoad.run());
        Region gap = new Region();
        ablated.setStyle("-fx-background-color: #d9711a; -fx-text-fill: white; -fx-font-weight: bold; -fx-padding: 0 5 0 5; -fx-background-radius: 3;");
        ablated.setVisible(false);
        ablated.setManaged(false);
        getChildren().addAll(model, ablated, device, speed, memory, gap, progress, cancel);
        setSpacing(14);
        HBox.setHgrow(gap, Priority.ALWAYS);
        setAlignment(Pos.CENTER_LEFT);
        setPadding(new Insets(3, 8, 3, 8));
        setStyle("-fx-background-color: derive(-fx-base, -6%); -fx-font-size: 0.92em;");
    }

    /** What the bar says, as one line (tests read it). */
    String text() {
        return String.join("  ", model.getText(), device.getText(), speed.getText(), memory.getText());
    }

    void show(ExplorerSnapshot s) {
        if (s.model() != null) {
            var c = s.model().config();
            model.setText(s.model().name() + "  ·  " + c.numLayers() + " layers × " + c.numHeads() + " heads × " + c.numSlots() + " slots");
            device.setText("backend " + s.model().backend() + " (" + s.model().device() + ")");
        }
        String badge = Titles.badge(s.main().ablations());
        ablated.setText(badge == null ? "" : badge);
        ablated.setVisible(badge != null);
        ablated.setManaged(badge != null);
        speed.setText(s.tokensPerSecond() > 0 ? String.format("%.0f tokens/s", s.tokensPerSecond()) : "");
        // the heap figure moves with every allocation: a few updates a second spare a relayout and repaint per frame
        long now = System.nanoTime();
        if (now - memoryShownAt > MEMORY_EVERY) {
            memoryShownAt = now;
            Runtime rt = Runtime.getRuntime();
            memory.setText(String.format("heap %d MiB · history %.1f MiB probes + %d states", (rt.totalMemory() - rt.freeMemory()) >> 20,
                    s.memory().probeBytes() / 1048576.0, s.memory().states()));
        }
        boolean loading = s.loading() != null;
        progress.setVisible(loading);
        cancel.setVisible(loading);
        if (loading) {
            progress.setProgress(s.loading().fraction());
            speed.setText(s.loading().phase() + "…");
        }
    }
}
