package org.gsaexplorer.visualizer.ui.widget;

import javafx.geometry.Pos;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Line;
import javafx.util.Duration;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.session.Tokens;
import org.gsaexplorer.visualizer.session.TrackView;
import org.gsaexplorer.visualizer.render.Theme;
import org.gsaexplorer.visualizer.session.Scoring;
import org.gsaexplorer.visualizer.session.ScoringRule;
import org.gsaexplorer.visualizer.views.ScoredPositions;
import org.gsaexplorer.visualizer.views.Titles;
import org.gsaexplorer.visualizer.views.ViewData;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.event.ChartProgressEvent;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.SamplingXYLineRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.VerticalAlignment;
import org.jfree.data.xy.DefaultXYDataset;
import org.jfree.data.xy.XYDataset;
import org.jfree.svg.SVGGraphics2D;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * View 7 (JFreeChart): per-token loss (with the baseline when comparing), readout entropy of the selected head, mean α
 * per layer, and Δloss = ablated − baseline over the scored positions ({@link ScoredPositions}: a recall task's answers,
 * the tokens after the prompt or all, as chosen above the charts), with their mean and a line where the prompt ends.
 * Series are rebuilt only when the tokens, the selection or the scoring change. The
 * cursor is a JavaFX line laid over each chart, not a chart marker: a marker change redraws the whole chart (24 series
 * × 2048 points took 150 ms a frame while scrubbing), moving a line redraws nothing. {@link #svg} draws the same line
 * into the exported charts.
 */
public final class ChartsPane extends GridPane {
    private static final Color CURSOR = new Color(0xd9471a), BADGE = new Color(0xd9711a);
    private static final float CURSOR_WIDTH = 1.2f;
    // series colours; none is near the cursor's red-orange, so the cursor never passes for a series
    private static final Color[] PALETTE = {new Color(0x31688e), new Color(0x35b779), new Color(0xe08214), new Color(0x8c2981),
            new Color(0xb8a000), new Color(0x21918c), new Color(0x7f7f87), new Color(0x3b528b)};
    private static final BasicStroke LINE = new BasicStroke(1.4f);
    private static final Line2D LEGEND_LINE = new Line2D.Double(-8, 0, 8, 0);
    private static final java.awt.Shape DOT = new java.awt.geom.Ellipse2D.Double(-3, -3, 6, 6);
    private final JFreeChart loss, entropy, alpha, delta;
    private final List<JFreeChart> all;
    // each chart's "ablated: …" badge, shown under its title while an ablation is on
    private final java.util.Map<JFreeChart, TextTitle> badges = new java.util.IdentityHashMap<>(); // a chart's hash changes with its content
    private final List<ChartViewer> viewers = new java.util.ArrayList<>();
    private final List<Line> cursors = new java.util.ArrayList<>(), hovers = new java.util.ArrayList<>();
    // the cursor's token, and the token hovered in any view (−1: none), drawn as a thinner cyan line
    private int cursorAt = -1, hoverAt = -1;
    private java.util.function.IntConsumer onTokenHovered = t -> { };
    private ExplorerSnapshot shownSnapshot;
    private Object shownTokens, shownBaseline;
    private int shownLayer = -1, shownHead = -1;
    private Scoring shownScoring;
    private Theme shownTheme = Theme.LIGHT;
    private final ChoiceBox<ScoringRule> rule = new ChoiceBox<>();
    private final Label scoredSummary = new Label();
    private boolean choosing;

    /** Charts whose scored-positions choice is told to {@code setRule}. */
    public ChartsPane(Consumer<ScoringRule> setRule) {
        this();
        rule.setOnAction(e -> {
            if (!choosing && rule.getValue() != null) setRule.accept(rule.getValue());
        });
    }

    public ChartsPane() {
        loss = chart("Per-token loss", "loss (nats)");
        entropy = chart("Readout entropy", "entropy (nats)");
        alpha = chart("Mean forget gate α per layer", "mean α");
        delta = chart("Δloss = ablated − baseline", "Δ loss (nats)");
        all = List.of(loss, entropy, alpha, delta);
        for (JFreeChart c : all) badges.put(c, badgeTitle());
        HBox scoring = new HBox(6, new Label("Scored positions:"), rule, scoredSummary);
        scoring.setAlignment(Pos.CENTER_LEFT);
        rule.setTooltip(new Tooltip("which positions the loss and Δloss charts count: a recall task's answers (from task.json), "
                + "the tokens after the prompt, or every position"));
        add(scoring, 0, 0, 2, 1);
        add(viewer(loss), 0, 1);
        add(viewer(entropy), 1, 1);
        add(viewer(alpha), 0, 2);
        add(viewer(delta), 1, 2);
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
        Line hover = new Line();
        hover.setStroke(Appearance.HOVER);
        hover.setStrokeWidth(1);
        hover.setManaged(false);
        hover.setVisible(false);
        Pane overlay = new Pane(line, hover);
        overlay.setMouseTransparent(true);
        StackPane box = new StackPane(v, overlay);
        GridPane.setHgrow(box, Priority.ALWAYS);
        GridPane.setVgrow(box, Priority.ALWAYS);
        viewers.add(v);
        cursors.add(line);
        hovers.add(hover);
        int i = cursors.size() - 1;
        // exact values under the mouse: the lines are drawn sampled (at most one span per pixel column), not per point
        Tooltip tip = new Tooltip();
        tip.setShowDelay(Duration.millis(150));
        Tooltip.install(v, tip);
        v.setOnMouseMoved(e -> {
            tip.setText(valuesAt(i, e.getX()));
            onTokenHovered.accept(tokenAt(i, e.getX()));
        });
        v.setOnMouseExited(e -> onTokenHovered.accept(-1));
        // the data area is known once the chart has been drawn at its size
        c.addProgressListener(e -> {
            if (e.getType() == ChartProgressEvent.DRAWING_FINISHED) placeCursor(i);
        });
        return box;
    }

    /** Told the token under the mouse (−1 when none). */
    public void setOnTokenHovered(java.util.function.IntConsumer h) {
        onTokenHovered = h;
    }

    /** Draws a line at token {@code t} in every chart (−1: none), as a token hovered in another view asks. */
    public void highlightToken(int t) {
        if (t == hoverAt) return;
        hoverAt = t;
        for (int i = 0; i < all.size(); i++) placeCursor(i);
    }

    /** The token outlined as hovered, or −1. */
    public int highlighted() {
        return hoverAt;
    }

    private void placeCursor(int i) {
        ChartRenderingInfo info = viewers.get(i).getRenderingInfo();
        Rectangle2D area = info == null ? null : info.getPlotInfo().getDataArea();
        place(cursors.get(i), area, xAt(i, area, cursorAt));
        place(hovers.get(i), area, hoverAt == cursorAt ? Double.NaN : xAt(i, area, hoverAt));
    }

    private static void place(Line line, Rectangle2D area, double x) {
        line.setVisible(!Double.isNaN(x));
        if (Double.isNaN(x)) return;
        line.setStartX(x);
        line.setEndX(x);
        line.setStartY(area.getMinY());
        line.setEndY(area.getMaxY());
    }

    /** The token under viewer x coordinate {@code x} in chart {@code i}, or −1. */
    private int tokenAt(int i, double x) {
        ChartRenderingInfo info = viewers.get(i).getRenderingInfo();
        Rectangle2D area = info == null ? null : info.getPlotInfo().getDataArea();
        XYPlot p = all.get(i).getXYPlot();
        if (area == null || area.getWidth() <= 0 || shownSnapshot == null) return -1;
        int t = (int) Math.round(p.getDomainAxis().java2DToValue(x, area, p.getDomainAxisEdge()));
        return t >= 0 && t < shownSnapshot.main().tokens().count() ? t : -1;
    }

    /** Chart {@code i}'s values at the token under viewer x coordinate {@code x}: the token, then one line per series. */
    String valuesAt(int i, double x) {
        ChartRenderingInfo info = viewers.get(i).getRenderingInfo();
        Rectangle2D area = info == null ? null : info.getPlotInfo().getDataArea();
        XYPlot p = all.get(i).getXYPlot();
        XYDataset d = p.getDataset();
        int t = tokenAt(i, x);
        if (t < 0 || d == null) return "";
        Tokens tokens = shownSnapshot.main().tokens();
        StringBuilder b = new StringBuilder("token " + t + " '" + tokens.text(t) + "'");
        for (int k = 0; k < d.getSeriesCount(); k++)
            if (t < d.getItemCount(k)) b.append('\n').append(d.getSeriesKey(k)).append(" = ").append(String.format(Locale.ROOT, "%.4g", d.getYValue(k, t)));
        return b.toString();
    }

    /** Where token {@code t} falls in chart {@code i} drawn with data area {@code area}; NaN when it is not inside. */
    private double xAt(int i, Rectangle2D area, int t) {
        XYPlot p = all.get(i).getXYPlot();
        if (area == null || area.getWidth() <= 0 || t < 0 || p.getDomainAxis().getRange().getLength() <= 0) return Double.NaN;
        double x = p.getDomainAxis().valueToJava2D(t, area, p.getDomainAxisEdge());
        return x >= area.getMinX() && x <= area.getMaxX() ? x : Double.NaN;
    }

    /** The charts stacked vertically in one SVG document, each {@code w × h}, with the cursor line as on screen. */
    public String svg(int w, int h) {
        SVGGraphics2D g = new SVGGraphics2D(w, h * all.size());
        for (int i = 0; i < all.size(); i++) {
            ChartRenderingInfo info = new ChartRenderingInfo();
            all.get(i).draw(g, new Rectangle2D.Double(0, i * h, w, h), null, info);
            Rectangle2D area = info.getPlotInfo().getDataArea();
            double x = xAt(i, area, cursorAt);
            if (Double.isNaN(x)) continue;
            g.setPaint(CURSOR);
            g.setStroke(new BasicStroke(CURSOR_WIDTH));
            g.draw(new Line2D.Double(x, area.getMinY(), x, area.getMaxY()));
        }
        return g.getSVGDocument();
    }

    private static TextTitle badgeTitle() {
        TextTitle t = new TextTitle("", new Font(Font.SANS_SERIF, Font.BOLD, 11), Color.WHITE, RectangleEdge.TOP,
                HorizontalAlignment.RIGHT, VerticalAlignment.CENTER, new RectangleInsets(2, 6, 2, 6));
        t.setBackgroundPaint(BADGE);
        return t;
    }

    private static JFreeChart chart(String title, String y) {
        JFreeChart c = ChartFactory.createXYLineChart(title, "token", y, new DefaultXYDataset(), PlotOrientation.VERTICAL, true, true, false);
        c.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        c.setBackgroundPaint(Color.WHITE);
        XYPlot p = c.getXYPlot();
        p.setBackgroundPaint(new Color(0xfafafc));
        p.setDomainGridlinePaint(new Color(0xdddde3));
        p.setRangeGridlinePaint(new Color(0xdddde3));
        // a flat series (Δloss of an ablation that changes nothing) gets a readable axis, not ticks of 1e-9
        ((NumberAxis) p.getRangeAxis()).setAutoRangeMinimumSize(1e-3);
        // thousands of tokens per line: draw at most one vertical span per pixel column, not one segment per token
        SamplingXYLineRenderer r = new SamplingXYLineRenderer();
        p.setRenderer(r);
        return c;
    }

    public void show(ExplorerSnapshot s) {
        if (Appearance.theme() != shownTheme) applyTheme(Appearance.theme());
        Tokens main = s.main().tokens();
        TrackView base = s.baseline();
        int layer = s.selection().layer(), head = s.selection().head();
        if (main != shownTokens || (base == null ? null : base.tokens()) != shownBaseline || layer != shownLayer || head != shownHead
                || !s.scoring().equals(shownScoring)) {
            shownScoring = s.scoring();
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
        shownSnapshot = s;
        cursorAt = s.current();
        for (int i = 0; i < all.size(); i++) placeCursor(i);
    }

    private void rebuild(ExplorerSnapshot s, Tokens main, TrackView base) {
        int n = main.count();
        DefaultXYDataset lossData = new DefaultXYDataset();
        addSeries(lossData, ViewData.trackName(s.main().ablations()), n, main::loss); // series keys must differ
        if (base != null) addSeries(lossData, "baseline", n, base.tokens()::loss);
        loss.getXYPlot().setDataset(lossData);
        int layer = s.selection().layer(), head = s.selection().head();
        DefaultXYDataset ent = new DefaultXYDataset();
        addSeries(ent, "L" + layer + " head " + head, n, t -> main.readoutEntropy(t, layer, head));
        entropy.getXYPlot().setDataset(ent);
        DefaultXYDataset al = new DefaultXYDataset();
        int layers = s.model() == null ? 0 : s.model().config().numLayers();
        for (int l = 0; l < layers; l++) {
            int ll = l;
            addSeries(al, "L" + l, n, t -> main.meanAlpha(t, ll));
        }
        alpha.getXYPlot().setDataset(al);
        alpha.getLegend().setVisible(layers <= 8);
        ScoredPositions sp = ScoredPositions.of(s.scoring(), main);
        showRule(s.scoring(), sp);
        loss.getXYPlot().setDataset(1, ScoredMarks.points("scored: " + sp.rule().label, sp, n, main::loss));
        ScoredMarks.asDots(loss.getXYPlot(), 1);
        DefaultXYDataset d;
        int nd = base == null ? 0 : Math.min(n, base.tokens().count());
        double meanDelta = base == null ? Double.NaN : sp.meanDelta(main, base.tokens());
        if (base == null) d = new DefaultXYDataset();
        else d = ScoredMarks.points("Δloss at scored positions", sp, nd, t -> main.loss(t) - base.tokens().loss(t));
        delta.getXYPlot().setDataset(d);
        ScoredMarks.meanLine(delta.getXYPlot(), meanDelta);
        delta.setTitle(base == null ? "Δloss (turn on View > Compare with baseline)"
                : String.format("Δloss = ablated − baseline, %d scored positions: mean %.3f nats", sp.count(), meanDelta));
        for (JFreeChart c : all) ScoredMarks.promptEnd(c.getXYPlot(), sp);
        scoredSummary.setText(sp.count() + " of " + n + " positions · mean loss " + String.format("%.3f", sp.mean(main::loss)) + " nats"
                + (base == null ? "" : String.format(" · mean Δloss %.3f nats", meanDelta)));
        String badge = Titles.badge(s.main().ablations());
        for (JFreeChart c : all) {
            TextTitle b = badges.get(c);
            c.removeSubtitle(b);
            if (badge != null) {
                b.setText(badge);
                c.addSubtitle(0, b);
            }
            XYPlot p = c.getXYPlot();
            var r = p.getRenderer();
            // the sampling renderer draws no line sample in the legend, so the legend is spelled out
            LegendItemCollection legend = new LegendItemCollection();
            for (int i = 0; i < p.getDataset().getSeriesCount(); i++) {
                Paint paint = PALETTE[i % PALETTE.length];
                r.setSeriesPaint(i, paint);
                r.setSeriesStroke(i, LINE);
                legend.add(new LegendItem(p.getDataset().getSeriesKey(i).toString(), null, null, null, LEGEND_LINE, LINE, paint));
            }
            if (p.getDataset(1) != null)
                legend.add(new LegendItem(p.getDataset(1).getSeriesKey(0).toString(), null, null, null, DOT, ScoredMarks.SCORED));
            p.setFixedLegendItems(legend);
        }
    }

    /** Colours every chart for theme {@code t}: backgrounds, titles, axes and legends. */
    private void applyTheme(Theme t) {
        shownTheme = t;
        Color bg = new Color(t.background), text = new Color(t.text), subtle = new Color(t.subtle);
        Color plot = t == Theme.LIGHT ? new Color(0xfafafc) : new Color(t.panel), grid = t == Theme.LIGHT ? new Color(0xdddde3) : new Color(0x44444c);
        for (JFreeChart c : all) {
            c.setBackgroundPaint(bg);
            c.getTitle().setPaint(text);
            XYPlot p = c.getXYPlot();
            p.setBackgroundPaint(plot);
            p.setDomainGridlinePaint(grid);
            p.setRangeGridlinePaint(grid);
            for (var axis : List.of(p.getDomainAxis(), p.getRangeAxis())) {
                axis.setLabelPaint(subtle);
                axis.setTickLabelPaint(subtle);
                axis.setAxisLinePaint(subtle);
            }
            if (c.getLegend() != null) {
                c.getLegend().setBackgroundPaint(bg);
                c.getLegend().setItemPaint(text);
            }
        }
    }

    /** The rule's choices for this model (task answers only with a task), showing the rule in force. */
    private void showRule(Scoring scoring, ScoredPositions sp) {
        choosing = true;
        try {
            List<ScoringRule> choices = java.util.Arrays.stream(ScoringRule.values())
                    .filter(r -> r != ScoringRule.TASK || scoring.task() != null).toList();
            if (!rule.getItems().equals(choices)) rule.getItems().setAll(choices);
            rule.setValue(sp.rule());
        } finally {
            choosing = false;
        }
    }

    private interface Value {
        float at(int t);
    }

    /** One line over tokens 0..n−1 as plain arrays (no per-point objects); a NaN (no value) leaves a gap. */
    private static void addSeries(DefaultXYDataset d, String name, int n, Value f) {
        double[] x = new double[n], y = new double[n];
        for (int t = 0; t < n; t++) {
            x[t] = t;
            y[t] = f.at(t);
        }
        d.addSeries(name, new double[][]{x, y});
    }
}
