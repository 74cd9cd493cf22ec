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
import org.gsaexplorer.visualizer.views.ScoredPositions;

import java.util.function.IntConsumer;

/**
 * The tokens around the cursor, each shaded by the loss the model gave it (with a key to the shades), the current one
 * outlined, scored positions underlined, a bar where the prompt ends, and the model's top-k predictions for the next
 * token. Click a token to jump there.
 */
public final class TokenStrip extends CanvasRegion {
    static final double CELL = 50;
    private static final Font TOKEN = Font.font("Monospaced", FontWeight.BOLD, 12), TINY = Font.font("System", 8.5),
            HEAD = Font.font("System", FontWeight.BOLD, 11), PREDICTION = Font.font("Monospaced", 11), NOTE = Font.font("System", 10);
    /** Colours of the scored-position underline and the prompt-end bar. */
    public static final Color SCORED = Color.rgb(0xc0, 0x39, 0x2b), PROMPT_END = Color.rgb(0x31, 0x68, 0x8e);
    private final Tooltip tip = new Tooltip();
    /** Losses are shaded up to this many nats; more is drawn as this. */
    static final double LOSS_CAP = 6;
    private ExplorerSnapshot snap;
    private ScoredPositions scored;
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
        StringBuilder sb = new StringBuilder("token " + t + "  '" + k.text(t) + "' (id " + k.id(t) + ")\nloss " + fmt(k.loss(t)) + " nats"
                + (scored.scored(t) ? ", scored" : ", not scored") + (t < scored.promptEnd() ? " · in the prompt" : " · after the prompt") + "\nnext:");
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
        if (snap == null || snap.main().tokens() != s.main().tokens() || !snap.scoring().equals(s.scoring()))
            scored = ScoredPositions.of(s.scoring(), s.main().tokens());
        snap = s;
        paint();
    }

    /** The colour of a token's shade for {@code loss} nats (NaN: no loss). */
    static Color shade(float loss) {
        if (Float.isNaN(loss)) return Color.rgb(0xe8, 0xe8, 0xec);
        double l = Math.min(loss, LOSS_CAP);
        int c = ColorMap.MAGMA.argb(l, -1.5, 8);
        return Color.rgb(c >> 16 & 255, c >> 8 & 255, c & 255, 0.28 + 0.1 * l);
    }

    /** The key to the shades: a strip of them from 0 to {@value #LOSS_CAP}+ nats, at (x, y). */
    private void legend(GraphicsContext g, double x, double y) {
        int steps = 24;
        double w = 120, sw = w / steps;
        g.setFill(Color.WHITE);
        g.fillRect(x, y, w, 8);
        for (int i = 0; i < steps; i++) {
            g.setFill(shade((float) (LOSS_CAP * (i + 0.5) / steps)));
            g.fillRect(x + i * sw, y, sw + 0.5, 8);
        }
        g.setFill(Appearance.subtle());
        g.setFont(NOTE);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText("loss 0", x - 3, y + 4);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(String.format("%.0f+ nats", LOSS_CAP), x + w + 3, y + 4);
    }

    @Override
    protected void paint() {
        double w = getWidth(), h = getHeight();
        GraphicsContext g = clear(Appearance.panel());
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
            // cells look the same in every theme: shades over white, dark text
            g.setFill(Color.WHITE);
            g.fillRect(x + 1, 6, CELL - 2, 34);
            g.setFill(shade(loss));
            g.fillRect(x + 1, 6, CELL - 2, 34);
            if (scored.scored(t)) {
                g.setFill(SCORED);
                g.fillRect(x + 4, 41, CELL - 8, 2.5);
            }
            if (t == scored.promptEnd() && t > 0) {
                g.setFill(PROMPT_END);
                g.fillRect(x - 1, 2, 2.5, 42);
            }
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
                g.setStroke(Appearance.HOVER);
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
        g.setFill(Appearance.text());
        g.setFont(HEAD);
        if (cur >= 0) {
            g.fillText("after token " + cur + " the model predicts:", px, 14);
            g.setFont(PREDICTION);
            for (int r = 0; r < k.topK(); r++) {
                double p = k.topProb(cur, r);
                double bx = px + r * Math.max(60, (w - px - 8) / k.topK());
                g.setFill(Color.rgb(0x31, 0x68, 0x8e, 0.25));
                g.fillRect(bx, 26, 52 * p, 16);
                g.setFill(Appearance.text());
                g.setTextBaseline(javafx.geometry.VPos.CENTER); // the label sits inside its probability bar
                g.fillText(name(k.topId(cur, r)) + " " + String.format("%.2f", p), bx + 2, 34);
                g.setTextBaseline(javafx.geometry.VPos.BASELINE);
            }
            g.setFont(NOTE);
            g.setFill(Appearance.subtle());
            g.setTextBaseline(VPos.CENTER);
            g.fillText("faded: after the cursor · underline: scored (" + scored.rule().label + ") · bar: prompt ends", 232, h - 12);
            legend(g, 48, h - 16);
        }
    }
}
