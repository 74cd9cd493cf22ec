package org.gsaexplorer.visualizer.ui.widget;

import org.gsaexplorer.visualizer.views.ScoredPositions;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYDataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.util.function.IntToDoubleFunction;

/** What the charts draw of the scored positions: where the prompt ends, the scored points, a mean line. */
final class ScoredMarks {
    static final Color PROMPT_END = new Color(0x55, 0x55, 0x60), SCORED = new Color(0xc0, 0x39, 0x2b);
    private static final BasicStroke DASHED = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 4, new float[]{5, 4}, 0);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 10);

    private ScoredMarks() {
    }

    /** A dashed line between the prompt's last token and the first one after it, labelled; none while the prompt is everything. */
    static void promptEnd(XYPlot p, ScoredPositions sp) {
        p.clearDomainMarkers();
        if (sp.promptEnd() <= 0 || sp.promptEnd() >= sp.scored().length) return;
        ValueMarker m = new ValueMarker(sp.promptEnd() - 0.5, PROMPT_END, DASHED);
        m.setLabel("prompt ends");
        m.setLabelFont(LABEL);
        m.setLabelPaint(PROMPT_END);
        m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        p.addDomainMarker(m);
    }

    /** {@code f} at the scored positions only, as series {@code name} of a new dataset. */
    static DefaultXYDataset points(String name, ScoredPositions sp, int n, IntToDoubleFunction f) {
        int count = 0;
        for (int t = 0; t < n; t++) if (sp.scored(t)) count++;
        double[] x = new double[count], y = new double[count];
        int i = 0;
        for (int t = 0; t < n; t++)
            if (sp.scored(t)) {
                x[i] = t;
                y[i++] = f.applyAsDouble(t);
            }
        DefaultXYDataset d = new DefaultXYDataset();
        d.addSeries(name, new double[][]{x, y});
        return d;
    }

    /** Draws dataset {@code index} of {@code p} as dots. */
    static void asDots(XYPlot p, int index) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        r.setSeriesShape(0, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
        r.setSeriesPaint(0, SCORED);
        p.setRenderer(index, r);
    }

    /** A horizontal line at {@code mean}, labelled; none for NaN. */
    static void meanLine(XYPlot p, double mean) {
        p.clearRangeMarkers();
        if (Double.isNaN(mean)) return;
        ValueMarker m = new ValueMarker(mean, SCORED, DASHED);
        m.setLabel(String.format("mean %.3f", mean));
        m.setLabelFont(LABEL);
        m.setLabelPaint(SCORED);
        m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        m.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        p.addRangeMarker(m);
    }
}
