package org.gsaexplorer.visualizer.ui;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;

/**
 * "computing…" over the views while the pictures are behind the commands given (a tour step's prompt, ablation or
 * cursor still running): the picture underneath is the previous one and must not pass for the new one. It shows
 * only after a short delay, so quick steps do not flicker.
 */
final class BusyOverlay extends StackPane {
    static final long DELAY_NANOS = 150_000_000L;
    private final Label label = new Label("computing…");
    private long busySince = -1;

    BusyOverlay() {
        label.setStyle("-fx-background-color: rgba(32,32,40,0.78); -fx-text-fill: white; -fx-padding: 6 14 6 14; "
                + "-fx-background-radius: 4; -fx-font-size: 13px;");
        getChildren().add(label);
        setAlignment(Pos.TOP_CENTER);
        setStyle("-fx-background-color: rgba(255,255,255,0.35); -fx-padding: 40 0 0 0;");
        setMouseTransparent(true);
        setVisible(false);
    }

    /** Called every frame with whether the views are behind and the frame's time. */
    void update(boolean busy, long now) {
        if (!busy) busySince = -1;
        else if (busySince < 0) busySince = now;
        boolean show = busy && now - busySince >= DELAY_NANOS;
        if (show != isVisible()) setVisible(show);
    }
}
