package org.gsaexplorer.visualizer.ui;

import javafx.scene.layout.GridPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Line;
import javafx.scene.layout.Priority;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.session.Tokens;
import org.gsaexplorer.visualizer.session.TrackView;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.event.ChartProgressEvent;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * View 7 (JFreeChart): per-token loss (with the baseline when comparing), readout entropy of the selected head, mean α
 * per layer, and Δloss = ablated − baseline. Series are rebuilt only when the tokens or the selection change. The
 * cursor is a JavaFX line laid over each chart, not a chart marker: a marker change redraws the whole chart (24 series
 * × 2048 points took 150 ms a frame while scrubbing), moving a line redraws nothing. {@link #svg} draws the same line
 * into the exported charts.
 */
public final class ChartsPane extends GridPane {
    private static final Color CURSOR = new Color(0xd9471a);
    private static final float CURSOR_WIDTH = 1.2f;
    // series colours; none is near the cursor's red-orange, so the cursor never passes for a series
    private static final Color[] PALETTE = {new Color(0x31688e), new Color(0x35b779), new Color(0xe08214), new Color(0x8c2981),
            new Color(0xb8a000), new Color(0x21918c), new Color(0x7f7f87), new Color(0x3b528b)};
    private final JFreeChart loss, entropy, alpha, delta;
    private final List<JFreeChart> all;
    private final List<ChartViewer> viewers = new java.util.ArrayList<>();
    private final List<Line> cursors = new java.util.ArrayList<>();
    private int cursorAt = -1;
    private Object shownTokens, shownBaseline;
    private int shownLayer = -1, shownHead = -1;

    public ChartsPane() {
        loss = chart("Per-token loss", "loss (nats)");
        entropy = chart("Readout entropy", "entropy (nats)");
        alpha = chart("Mean forget gate α per layer", "mean α");
        delta = chart("Δloss = ablated − baseline", "Δ loss (nats)");
        all = List.of(loss, entropy, alpha, delta);
        add(viewer(loss), 0, 0);
        add(viewer(entropy), 1, 0);
        add(viewer(alpha), 0, 1);
        add(viewer(delta), 1, 1);
        setHgap(4);
        setVgap(4);
    }

    public List<JFreeChart> charts() {
        return all;
    }

    public JFreeChart deltaChart() {
        return delta;
    }

    private StackPane viewer(JFreeChart c) {
        ChartViewer v = new ChartViewer(c);
        v.setPrefSize(480, 260);
        v.setMinSize(200, 140);
        Line line = new Line();
        line.setStroke(javafx.scene.paint.Color.rgb(CURSOR.getRed(), CURSOR.getGreen(), CURSOR.getBlue()));
        line.setStrokeWidth(CURSOR_WIDTH);
        line.setManaged(false);
        Pane overlay = new Pane(line);
        overlay.setMouseTransparent(true);
        StackPane box = new StackPane(v, overlay);
        GridPane.setHgrow(box, Priority.ALWAYS);
        GridPane.setVgrow(box, Priority.ALWAYS);
        viewers.add(v);
        cursors.add(line);
        int i = cursors.size() - 1;
        // the data area is known once the chart has been drawn at its size
        c.addProgressListener(e -> {
            if (e.getType() == ChartProgressEvent.DRAWING_FINISHED) placeCursor(i);
        });
        return box;
    }

    private void placeCursor(int i) {
        Line line = cursors.get(i);
        ChartRenderingInfo info = viewers.get(i).getRenderingInfo();
        Rectangle2D area = info == null ? null : info.getPlotInfo().getDataArea();
        double x = cursorX(i, area);
        line.setVisible(!Double.isNaN(x));
        if (Double.isNaN(x)) return;
        line.setStartX(x);
        line.setEndX(x);
        line.setStartY(area.getMinY());
        line.setEndY(area.getMaxY());
    }

    /** Where the cursor falls in chart {@code i} drawn with data area {@code area}; NaN when it is not inside. */
    private double cursorX(int i, Rectangle2D area) {
        XYPlot p = all.get(i).getXYPlot();
        if (area == null || area.getWidth() <= 0 || cursorAt < 0 || p.getDomainAxis().getRange().getLength() <= 0) return Double.NaN;
        double x = p.getDomainAxis().valueToJava2D(cursorAt, area, p.getDomainAxisEdge());
        return x >= area.getMinX() && x <= area.getMaxX() ? x : Double.NaN;
    }

    /** The charts stacked vertically in one SVG document, each {@code w × h}, with the cursor line as on screen. */
    public String svg(int w, int h) {
        SVGGraphics2D g = new SVGGraphics2D(w, h * all.size());
        for (int i = 0; i < all.size(); i++) {
            ChartRenderingInfo info = new ChartRenderingInfo();
            all.get(i).draw(g, new Rectangle2D.Double(0, i * h, w, h), null, info);
            Rectangle2D area = info.getPlotInfo().getDataArea();
            double x = cursorX(i, area);
            if (Double.isNaN(x)) continue;
            g.setPaint(CURSOR);
            g.setStroke(new BasicStroke(CURSOR_WIDTH));
            g.draw(new Line2D.Double(x, area.getMinY(), x, area.getMaxY()));
        }
        return g.getSVGDocument();
    }

    private static JFreeChart chart(String title, String y) {
        JFreeChart c = ChartFactory.createXYLineChart(title, "token", y, new XYSeriesCollection(), PlotOrientation.VERTICAL, true, true, false);
        c.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        c.setBackgroundPaint(Color.WHITE);
        XYPlot p = c.getXYPlot();
        p.setBackgroundPaint(new Color(0xfafafc));
        p.setDomainGridlinePaint(new Color(0xdddde3));
        p.setRangeGridlinePaint(new Color(0xdddde3));
        // a flat series (Δloss of an ablation that changes nothing) gets a readable axis, not ticks of 1e-9
        ((NumberAxis) p.getRangeAxis()).setAutoRangeMinimumSize(1e-3);
        return c;
    }

    public void show(ExplorerSnapshot s) {
        Tokens main = s.main().tokens();
        TrackView base = s.baseline();
        int layer = s.selection().layer(), head = s.selection().head();
        if (main != shownTokens || (base == null ? null : base.tokens()) != shownBaseline || layer != shownLayer || head != shownHead) {
            shownTokens = main;
            shownBaseline = base == null ? null : base.tokens();
            shownLayer = layer;
            shownHead = head;
            // one redraw per chart instead of one per dataset, paint and stroke change
            for (JFreeChart c : all) c.setNotify(false);
            try {
                rebuild(s, main, base);
            } finally {
                for (JFreeChart c : all) c.setNotify(true);
            }
        }
        cursorAt = s.current();
        for (int i = 0; i < all.size(); i++) placeCursor(i);
    }

    private void rebuild(ExplorerSnapshot s, Tokens main, TrackView base) {
        int n = main.count();
        XYSeriesCollection lossData = new XYSeriesCollection();
        // series keys must differ, and an unablated run describes itself as "baseline" too
        lossData.addSeries(series(s.main().ablations().isNone() ? "no ablation" : s.main().ablations().describe(), n, main::loss));
        if (base != null) lossData.addSeries(series("baseline", n, base.tokens()::loss));
        loss.getXYPlot().setDataset(lossData);
        int layer = s.selection().layer(), head = s.selection().head();
        XYSeriesCollection ent = new XYSeriesCollection();
        ent.addSeries(series("L" + layer + " head " + head, n, t -> main.readoutEntropy(t, layer, head)));
        entropy.getXYPlot().setDataset(ent);
        XYSeriesCollection al = new XYSeriesCollection();
        int layers = s.model() == null ? 0 : s.model().config().numLayers();
        for (int l = 0; l < layers; l++) {
            int ll = l;
            al.addSeries(series("L" + l, n, t -> main.meanAlpha(t, ll)));
        }
        alpha.getXYPlot().setDataset(al);
        alpha.getLegend().setVisible(layers <= 8);
        XYSeriesCollection d = new XYSeriesCollection();
        if (base != null) d.addSeries(series("Δloss", Math.min(n, base.tokens().count()), t -> main.loss(t) - base.tokens().loss(t)));
        delta.getXYPlot().setDataset(d);
        delta.setTitle(base == null ? "Δloss (turn on View > Compare with baseline)" : "Δloss = ablated − baseline");
        for (JFreeChart c : all) {
            var r = c.getXYPlot().getRenderer();
            for (int i = 0; i < c.getXYPlot().getDataset().getSeriesCount(); i++) {
                r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
                r.setSeriesStroke(i, new BasicStroke(1.4f));
            }
        }
    }

    private interface Value {
        float at(int t);
    }

    private static XYSeries series(String name, int n, Value f) {
        XYSeries s = new XYSeries(name, false, false);
        for (int t = 0; t < n; t++) {
            float v = f.at(t);
            if (!Float.isNaN(v)) s.add(t, v, false);
        }
        s.fireSeriesChanged();
        return s;
    }
}
