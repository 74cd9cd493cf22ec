package org.gsaexplorer.visualizer.ui;

import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.session.Tokens;
import org.gsaexplorer.visualizer.session.TrackView;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.List;

/**
 * View 7 (JFreeChart): per-token loss (with the baseline when comparing), readout entropy of the selected head, mean α
 * per layer, and Δloss = ablated − baseline. Series are rebuilt only when the tokens or the selection change; moving
 * the cursor only moves a marker.
 */
public final class ChartsPane extends GridPane {
    private static final Color[] PALETTE = {new Color(0x31688e), new Color(0xd9471a), new Color(0x35b779), new Color(0x8c2981),
            new Color(0xb8a000), new Color(0x21918c), new Color(0xde4968), new Color(0x3b528b)};
    private final JFreeChart loss, entropy, alpha, delta;
    private final List<JFreeChart> all;
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

    private ChartViewer viewer(JFreeChart c) {
        ChartViewer v = new ChartViewer(c);
        v.setPrefSize(480, 260);
        v.setMinSize(200, 140);
        GridPane.setHgrow(v, Priority.ALWAYS);
        GridPane.setVgrow(v, Priority.ALWAYS);
        return v;
    }

    private static JFreeChart chart(String title, String y) {
        JFreeChart c = ChartFactory.createXYLineChart(title, "token", y, new XYSeriesCollection(), PlotOrientation.VERTICAL, true, true, false);
        c.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        c.setBackgroundPaint(Color.WHITE);
        XYPlot p = c.getXYPlot();
        p.setBackgroundPaint(new Color(0xfafafc));
        p.setDomainGridlinePaint(new Color(0xdddde3));
        p.setRangeGridlinePaint(new Color(0xdddde3));
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
            rebuild(s, main, base);
        }
        for (JFreeChart c : all) {
            XYPlot p = c.getXYPlot();
            p.clearDomainMarkers();
            ValueMarker m = new ValueMarker(s.current(), new Color(0xd9471a), new BasicStroke(1.2f));
            p.addDomainMarker(m);
        }
    }

    private void rebuild(ExplorerSnapshot s, Tokens main, TrackView base) {
        int n = main.count();
        XYSeriesCollection lossData = new XYSeriesCollection();
        lossData.addSeries(series(s.main().ablations().describe(), n, main::loss));
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
