package org.gsaexplorer.visualizer.ui.widget;

import org.gsaexplorer.visualizer.render.Digits;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseButton;
import javafx.scene.control.Tooltip;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import javafx.util.Duration;
import org.gsaexplorer.visualizer.render.ColorMap;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.session.Tokens;

import java.util.function.IntConsumer;

/**
 * The tokens around the cursor, each shaded by the loss the model gave it, the current one outlined, and the model's
 * top-k predictions for the next token. Click a token to jump there.
 */
public final class TokenStrip extends CanvasRegion {
    static final double CELL = 50;
    private static final Font TOKEN = Font.font("Monospaced", FontWeight.BOLD, 12), TINY = Font.font("System", 8.5),
            HEAD = Font.font("System", FontWeight.BOLD, 11), PREDICTION = Font.font("Monospaced", 11), NOTE = Font.font("System", 10);
    private final Tooltip tip = new Tooltip();
    private ExplorerSnapshot snap;
    private int first;
    private IntConsumer onJump = t -> { }, onHover = t -> { };
    // the token hovered in any view, outlined here too, or −1
    private int litToken = -1;

    public TokenStrip() {
        setMinHeight(74);
        setPrefHeight(74);
        tip.setShowDelay(Duration.millis(60));
        Tooltip.install(canvas, tip);
        canvas.setOnMouseMoved(e -> {
            int t = tokenAt(e.getX());
            tip.setText(describe(t));
            onHover.accept(t);
        });
        canvas.setOnMouseExited(e -> onHover.accept(-1));
        canvas.setOnMouseClicked(e -> {
            if (e.getButton() != MouseButton.PRIMARY) return;
            int t = tokenAt(e.getX());
            if (t >= 0) onJump.accept(t + 1);
        });
    }

    public void setOnJump(IntConsumer c) {
        onJump = c;
    }

    /** Told the token under the mouse (−1 when none). */
    public void setOnTokenHovered(IntConsumer h) {
        onHover = h;
    }

    /** The token outlined as hovered, or −1. */
    public int highlighted() {
        return litToken;
    }

    /** Outlines token {@code t} (−1: none), as a token hovered in another view asks. */
    public void highlightToken(int t) {
        if (t == litToken) return;
        litToken = t;
        paint();
    }

    private int tokenAt(double x) {
        if (snap == null || x < 0) return -1;
        int t = first + (int) (x / CELL);
        return t < snap.computed() ? t : -1;
    }

    private String describe(int t) {
        if (t < 0) return "";
        Tokens k = snap.main().tokens();
        StringBuilder sb = new StringBuilder("token " + t + "  '" + k.text(t) + "' (id " + k.id(t) + ")\nloss " + fmt(k.loss(t)) + " nats\nnext:");
        for (int r = 0; r < k.topK(); r++) sb.append("\n  ").append(name(k.topId(t, r))).append("  ").append(Digits.four(k.topProb(t, r)));
        return sb.toString();
    }

    private String name(int id) {
        return snap.model() == null ? String.valueOf(id) : snap.model().tokenText().apply(id);
    }

    private static String fmt(float v) {
        return Float.isNaN(v) ? "—" : Digits.four(v);
    }

    public void show(ExplorerSnapshot s) {
        snap = s;
        paint();
    }

    @Override
    protected void paint() {
        double w = getWidth(), h = getHeight();
        GraphicsContext g = clear(Color.rgb(0xf6, 0xf6, 0xf8));
        if (snap == null || snap.computed() == 0) {
            setAccessibleText("");
            return;
        }
        Tokens k = snap.main().tokens();
        int visible = Math.max(1, (int) (w * 0.62 / CELL));
        int cur = snap.current();
        first = Math.max(0, Math.min(cur - visible * 2 / 3, snap.computed() - visible));
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.CENTER);
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < visible && first + i < snap.computed(); i++) {
            int t = first + i;
            shown.append(i == 0 ? "" : " ").append(k.text(t));
            double x = i * CELL;
            float loss = k.loss(t);
            int c = Float.isNaN(loss) ? 0xffe8e8ec : ColorMap.MAGMA.argb(Math.min(loss, 6), -1.5, 8);
            g.setFill(Float.isNaN(loss) ? Color.rgb(0xe8, 0xe8, 0xec) : Color.rgb(c >> 16 & 255, c >> 8 & 255, c & 255, 0.28 + 0.1 * Math.min(loss, 6)));
            g.fillRect(x + 1, 6, CELL - 2, 34);
            if (t > cur) {
                g.setFill(Color.rgb(255, 255, 255, 0.55));
                g.fillRect(x + 1, 6, CELL - 2, 34);
            }
            g.setFill(Color.rgb(0x1c, 0x1c, 0x22));
            g.setFont(TOKEN);
            g.fillText(k.text(t), x + CELL / 2, 18);
            g.setFont(TINY);
            g.setFill(Color.rgb(0x50, 0x50, 0x58));
            g.fillText(t + " · " + (Float.isNaN(loss) ? "—" : String.format("%.2f", loss)), x + CELL / 2, 33);
            if (t == litToken && t != cur) {
                g.setStroke(Color.rgb(0x00, 0xc8, 0xff));
                g.setLineWidth(2);
                g.strokeRect(x + 1, 5, CELL - 2, 36);
            }
            if (t == cur) {
                g.setStroke(Color.rgb(0xd9, 0x47, 0x1a));
                g.setLineWidth(2);
                g.strokeRect(x + 1, 5, CELL - 2, 36);
            }
        }
        // screen readers (and tests) read the tokens drawn
        setAccessibleText(shown.toString());
        double px = visible * CELL + 14;
        g.setTextAlign(TextAlignment.LEFT);
        g.setFill(Color.rgb(0x20, 0x20, 0x24));
        g.setFont(HEAD);
        if (cur >= 0) {
            g.fillText("after token " + cur + " the model predicts:", px, 14);
            g.setFont(PREDICTION);
            for (int r = 0; r < k.topK(); r++) {
                double p = k.topProb(cur, r);
                double bx = px + r * Math.max(60, (w - px - 8) / k.topK());
                g.setFill(Color.rgb(0x31, 0x68, 0x8e, 0.25));
                g.fillRect(bx, 26, 52 * p, 16);
                g.setFill(Color.rgb(0x20, 0x20, 0x24));
                g.setTextBaseline(javafx.geometry.VPos.CENTER); // the label sits inside its probability bar
                g.fillText(name(k.topId(cur, r)) + " " + String.format("%.2f", p), bx + 2, 34);
                g.setTextBaseline(javafx.geometry.VPos.BASELINE);
            }
            g.setFont(NOTE);
            g.setFill(Color.rgb(0x50, 0x50, 0x58));
            g.fillText("shade = loss of each token (nats); faded = after the cursor", 6, h - 10);
        }
    }
}
