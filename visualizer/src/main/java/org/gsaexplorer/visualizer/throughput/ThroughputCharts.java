package org.gsaexplorer.visualizer.throughput;

import org.gsaexplorer.bench.BenchReport;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The throughput charts of one bench report (JFreeChart, no JavaFX): decode tokens/s and ms/token against context,
 * state/KV bytes against context, achieved GB/s with the copy bandwidth, prefill tokens/s, and GSA backend against
 * backend. Reference lines are dashed: each model's weight-streaming ceiling, and the copy bandwidth.
 */
public final class ThroughputCharts {
    private static final BasicStroke DASHED = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[]{6, 4}, 0);

    private ThroughputCharts() {
    }

    /** A chart with the short name used for its tab and exported file. */
    public record Named(String name, JFreeChart chart) {
    }

    public static List<Named> all(BenchReport r) {
        List<Named> out = new ArrayList<>();
        out.add(new Named("decode-tokens-per-s", decodeRate(r)));
        out.add(new Named("ms-per-token", perContext(r, "Decode latency", "ms / token", d -> d.msPerToken().median(), false)));
        out.add(new Named("state-bytes", perContext(r, "State / KV cache per sequence", "MiB", d -> d.stateBytes() / 1048576.0, false)));
        out.add(new Named("bandwidth", bandwidth(r)));
        out.add(new Named("prefill", prefill(r)));
        if (r.decode().stream().filter(d -> d.arch().equals("gsa")).map(BenchReport.DecodePoint::engine).distinct().count() > 1)
            out.add(new Named("gsa-backends", perContext(r, "GSA decode by backend", "tokens / s", BenchReport.DecodePoint::tokensPerSecond, true)));
        return out;
    }

    static String series(String arch, String engine) {
        return arch + " (" + engine + ")";
    }

    private static JFreeChart decodeRate(BenchReport r) {
        JFreeChart chart = perContext(r, "Decode throughput", "tokens / s", BenchReport.DecodePoint::tokensPerSecond, false);
        XYSeriesCollection data = (XYSeriesCollection) chart.getXYPlot().getDataset();
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
        int lines = data.getSeriesCount();
        double lo = r.decode().stream().mapToInt(BenchReport.DecodePoint::context).min().orElse(1);
        double hi = r.decode().stream().mapToInt(BenchReport.DecodePoint::context).max().orElse(1);
        for (BenchReport.ModelInfo m : r.models()) {
            XYSeries s = new XYSeries(series(m.arch(), m.engine()) + " weight-streaming ceiling");
            s.add(lo, m.ceilingTokensPerSecond());
            s.add(hi, m.ceilingTokensPerSecond());
            data.addSeries(s);
            int i = data.getSeriesCount() - 1;
            renderer.setSeriesStroke(i, DASHED);
            renderer.setSeriesShapesVisible(i, false);
            int base = data.getSeriesIndex(series(m.arch(), m.engine()));
            if (base >= 0 && base < lines) renderer.setSeriesPaint(i, renderer.lookupSeriesPaint(base));
        }
        return chart;
    }

    private static JFreeChart bandwidth(BenchReport r) {
        JFreeChart chart = perContext(r, "Achieved memory bandwidth (weights + state read per token)", "GB/s",
                BenchReport.DecodePoint::achievedGBps, false);
        double copy = r.copyGBps().median();
        ValueMarker m = new ValueMarker(copy, Color.DARK_GRAY, DASHED);
        m.setLabel(String.format(Locale.ROOT, "copy bandwidth %.1f GB/s (same run)", copy));
        m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        m.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        chart.getXYPlot().addRangeMarker(m);
        chart.getXYPlot().getRangeAxis().setUpperBound(Math.max(chart.getXYPlot().getRangeAxis().getUpperBound(), copy * 1.1));
        return chart;
    }

    private static JFreeChart prefill(BenchReport r) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (BenchReport.PrefillPoint p : r.prefill())
            data.addValue(p.tokensPerSecond().median(), series(p.arch(), p.engine()), p.tokens() + " tokens");
        return ChartFactory.createBarChart("Prefill throughput", "prompt", "tokens / s", data, PlotOrientation.VERTICAL, true, true, false);
    }

    /** One line per (arch, engine) over the contexts measured; {@code gsaOnly} keeps GSA's backends only. */
    private static JFreeChart perContext(BenchReport r, String title, String yLabel, ToDoubleFunction<BenchReport.DecodePoint> y, boolean gsaOnly) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (BenchReport.DecodePoint d : r.decode()) {
            if (gsaOnly && !d.arch().equals("gsa")) continue;
            String key = series(d.arch(), d.engine());
            int i = data.getSeriesIndex(key);
            XYSeries s = i >= 0 ? data.getSeries(i) : new XYSeries(key);
            if (i < 0) data.addSeries(s);
            s.add(d.context(), y.applyAsDouble(d));
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "context length (tokens)", yLabel, data, PlotOrientation.VERTICAL, true, true, false);
        XYPlot plot = chart.getXYPlot();
        LogAxis x = new LogAxis("context length (tokens)");
        x.setBase(2);
        x.setNumberFormatOverride(new DecimalFormat("0"));
        x.setTickUnit(new NumberTickUnit(1));
        plot.setDomainAxis(x);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        plot.setRenderer(renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        return chart;
    }
}
