package org.gsaexplorer.visualizer.ui.widget;

import org.gsaexplorer.visualizer.render.Digits;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.paint.Color;
import javafx.util.Duration;
import org.gsaexplorer.visualizer.render.PlotLayout;

import java.util.function.IntFunction;

/**
 * A light bar chart over slots or tokens (readout weights now, retention half-lives); bars drawn on one canvas. A second
 * set of values can be outlined over the bars in the hover colour (the same chart for the token hovered in any view).
 */
public final class BarStrip extends CanvasRegion {
    private final Tooltip tip = new Tooltip();
    private String title = "", unit = "", axis = "";
    private IntFunction<String> barName = Integer::toString;
    private double[] values = new double[0];
    private double cap = Double.NaN;
    private double[] outlined = new double[0];
    private String outlinedName = "";

    public BarStrip() {
        setMinHeight(90);
        setPrefHeight(130);
        tip.setShowDelay(Duration.millis(60));
        Tooltip.install(canvas, tip);
        canvas.setOnMouseMoved(e -> {
            int i = barAt(e.getX());
            tip.setText(i < 0 ? title : axis + " " + barName.apply(i) + ": " + Digits.four(values[i]) + " " + unit);
        });
    }

    /**
     * Bars for {@code v}, bar i named {@code axis + " " + name(i)} (e.g. "slot 3", "token 12:k7"); values above
     * {@code cap} (e.g. infinite half-lives) are drawn at the cap in another colour.
     */
    public void set(String title, String unit, double[] v, double cap, String axis, IntFunction<String> name) {
        this.title = title;
        this.unit = unit;
        this.axis = axis;
        this.barName = name;
        this.values = v;
        this.cap = cap;
        paint();
    }

    /**
     * Outlines bars for {@code v} (one per bar, on the same scale) over the drawn ones, named {@code name} after the
     * title; an empty {@code v}: none.
     */
    public void outline(double[] v, String name) {
        outlined = v;
        outlinedName = name;
        paint();
    }

    /** How many bars are outlined now. */
    public int outlinedBars() {
        int n = 0;
        for (double v : outlined) if (Double.isFinite(v)) n++;
        return values.length == outlined.length ? n : 0;
    }

    private int barAt(double x) {
        double x0 = PlotLayout.of(getWidth(), getHeight()).plotX(), w = PlotLayout.of(getWidth(), getHeight()).plotW();
        int i = (int) ((x - x0) / w * values.length);
        return x < x0 || i >= values.length ? -1 : i;
    }

    @Override
    protected void paint() {
        double w = getWidth(), h = getHeight();
        GraphicsContext g = clear(Appearance.background());
        if (values.length == 0 || w < 40) return;
        PlotLayout l = PlotLayout.of(w, h);
        double max = 0;
        for (double v : values) if (Double.isFinite(v)) max = Math.max(max, Math.min(v, Double.isNaN(cap) ? v : cap));
        boolean outlining = outlinedBars() > 0;
        if (outlining) for (double v : outlined) if (Double.isFinite(v)) max = Math.max(max, Math.min(v, Double.isNaN(cap) ? v : cap));
        if (!Double.isNaN(cap) && (hasAbove(values, cap) || outlining && hasAbove(outlined, cap))) max = cap;
        if (max <= 0) max = 1;
        g.setFill(Appearance.text());
        g.setFont(Appearance.font(12, true));
        g.fillText(outlining ? title + "  ·  outlined: " + outlinedName : title, l.plotX(), 15);
        double bw = l.plotW() / values.length;
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (Double.isNaN(v)) continue;
            boolean over = !Double.isNaN(cap) && v > cap;
            double bh = l.plotH() * Math.min(v, max) / max;
            g.setFill(over ? Color.rgb(0xb0, 0x3a, 0x5b) : Color.rgb(0x31, 0x68, 0x8e));
            g.fillRect(l.plotX() + i * bw + 0.5, l.plotY() + l.plotH() - bh, Math.max(1, bw - 1), bh);
        }
        if (outlining) {
            g.setStroke(Appearance.HOVER);
            g.setLineWidth(1.5);
            for (int i = 0; i < outlined.length; i++) {
                if (!Double.isFinite(outlined[i])) continue;
                double bh = l.plotH() * Math.min(outlined[i], max) / max;
                g.strokeRect(l.plotX() + i * bw + 0.5, l.plotY() + l.plotH() - bh, Math.max(1, bw - 1), bh);
            }
            g.setLineWidth(1);
        }
        g.setStroke(Color.rgb(0xa0, 0xa0, 0xa8));
        g.strokeLine(l.plotX(), l.plotY() + l.plotH() + 0.5, l.plotX() + l.plotW(), l.plotY() + l.plotH() + 0.5);
        g.setFill(Appearance.subtle());
        g.setFont(Appearance.font(10, false));
        g.fillText(PlotLayout.format(max) + " " + unit, 4, l.plotY() + 8);
        g.fillText("0", 4, l.plotY() + l.plotH());
        g.fillText(axis + " " + barName.apply(0) + " … " + barName.apply(values.length - 1), l.plotX(), h - 4);
    }

    private static boolean hasAbove(double[] values, double c) {
        for (double v : values) if (v > c) return true;
        return false;
    }
}
