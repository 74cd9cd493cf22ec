package org.gsaexplorer.visualizer.throughput;

import org.gsaexplorer.bench.BenchReport;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.statistics.BoxAndWhiskerItem;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

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
 * backend. Every timed point is the median with its repetitions' min–max as an error bar. Each model's
 * weight-streaming ceiling is a dashed marker in its line's colour when it is near the data, and is named in a
 * subtitle when it is far above (a line there would squash the measured ones to the floor). Colours come from a
 * palette that reads on white (no yellow).
 */
public final class ThroughputCharts {
    private static final BasicStroke DASHED = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[]{6, 4}, 0);
    /** Okabe–Ito's colour-blind-safe colours without its yellow, which vanishes on white. */
    static final Color[] PALETTE = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
            new Color(0x56B4E9), new Color(0x000000), new Color(0xA65628), new Color(0x7F3C8D)};
    /** A ceiling above this multiple of the data's maximum is named in a subtitle instead of drawn. */
    static final double CEILING_ON_SCALE = 1.5;

    private ThroughputCharts() {
    }

    /** A chart with the short name used for its tab and exported file. */
    public record Named(String name, JFreeChart chart) {
    }

    /** A timed value of a decode point: median, min and max over the repetitions. */
    @FunctionalInterface
    interface Timed {
        double[] of(BenchReport.DecodePoint d);
    }

    /** A value inversely proportional to the time per token (tokens/s, GB/s): its spread is the time's, inverted. */
    static Timed perSecond(ToDoubleFunction<BenchReport.DecodePoint> atMedian) {
        return d -> {
            double v = atMedian.applyAsDouble(d), m = d.msPerToken().median();
            return new double[]{v, v * m / d.msPerToken().max(), v * m / d.msPerToken().min()};
        };
    }

    public static List<Named> all(BenchReport r) {
        List<Named> out = new ArrayList<>();
        out.add(new Named("decode-tokens-per-s", decodeRate(r)));
        out.add(new Named("ms-per-token", perContext(r, "Decode latency", "ms / token",
                d -> new double[]{d.msPerToken().median(), d.msPerToken().min(), d.msPerToken().max()}, false)));
        out.add(new Named("state-bytes", perContext(r, "State / KV cache per sequence", "MiB", d -> {
            double mib = d.stateBytes() / 1048576.0;
            return new double[]{mib, mib, mib};
        }, false)));
        out.add(new Named("bandwidth", bandwidth(r)));
        out.add(new Named("prefill", prefill(r)));
        if (r.decode().stream().filter(d -> d.arch().equals("gsa")).map(BenchReport.DecodePoint::engine).distinct().count() > 1)
            out.add(new Named("gsa-backends", perContext(r, "GSA decode by backend", "tokens / s",
                    perSecond(BenchReport.DecodePoint::tokensPerSecond), true)));
        return out;
    }

    static String series(String arch, String engine) {
        return arch + " (" + engine + ")";
    }

    private static JFreeChart decodeRate(BenchReport r) {
        JFreeChart chart = perContext(r, "Decode throughput", "tokens / s", perSecond(BenchReport.DecodePoint::tokensPerSecond), false);
        XYPlot plot = chart.getXYPlot();
        YIntervalSeriesCollection data = (YIntervalSeriesCollection) plot.getDataset();
        double top = 0;
        for (int i = 0; i < data.getSeriesCount(); i++)
            for (int j = 0; j < data.getItemCount(i); j++) top = Math.max(top, data.getEndYValue(i, j));
        List<String> offScale = new ArrayList<>();
        for (BenchReport.ModelInfo m : r.models()) {
            String name = series(m.arch(), m.engine());
            double ceiling = m.ceilingTokensPerSecond();
            if (ceiling > top * CEILING_ON_SCALE) {
                offScale.add(String.format(Locale.ROOT, "%s %,.0f", name, ceiling));
                continue;
            }
            int line = data.indexOf(name);
            ValueMarker mark = new ValueMarker(ceiling, line >= 0 ? PALETTE[line % PALETTE.length] : Color.DARK_GRAY, DASHED);
            mark.setLabel(name + " weight-streaming ceiling");
            mark.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            mark.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
            plot.addRangeMarker(mark);
            plot.getRangeAxis().setUpperBound(Math.max(plot.getRangeAxis().getUpperBound(), ceiling * 1.08));
        }
        if (!offScale.isEmpty())
            chart.addSubtitle(new TextTitle("weight-streaming ceilings, far above the data (tokens/s): " + String.join("; ", offScale)));
        return chart;
    }

    private static JFreeChart bandwidth(BenchReport r) {
        JFreeChart chart = perContext(r, "Achieved memory bandwidth (weights + state read per token)", "GB/s",
                perSecond(BenchReport.DecodePoint::achievedGBps), false);
        double copy = r.copyGBps().median();
        ValueMarker m = new ValueMarker(copy, Color.DARK_GRAY, DASHED);
        m.setLabel(String.format(Locale.ROOT, "copy bandwidth %.1f GB/s (same run)", copy));
        m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        m.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        chart.getXYPlot().addRangeMarker(m);
        chart.getXYPlot().getRangeAxis().setUpperBound(Math.max(chart.getXYPlot().getRangeAxis().getUpperBound(), copy * 1.1));
        return chart;
    }

    /** Prefill tokens/s per model: the median as a thick mark, the repetitions' min–max as whiskers. */
    private static JFreeChart prefill(BenchReport r) {
        DefaultBoxAndWhiskerCategoryDataset data = new DefaultBoxAndWhiskerCategoryDataset();
        int rows = 0;
        for (BenchReport.PrefillPoint p : r.prefill()) {
            var t = p.tokensPerSecond();
            data.add(new BoxAndWhiskerItem(t.median(), t.median(), t.median(), t.median(), t.min(), t.max(), t.min(), t.max(), List.of()),
                    series(p.arch(), p.engine()), p.tokens() + " tokens");
            rows++;
        }
        CategoryPlot plot = new CategoryPlot(data, new CategoryAxis("prompt"), new NumberAxis("tokens / s"), null);
        BoxAndWhiskerRenderer renderer = new BoxAndWhiskerRenderer();
        renderer.setMeanVisible(false);
        renderer.setMedianVisible(true);
        renderer.setFillBox(true);
        renderer.setUseOutlinePaintForWhiskers(false);
        for (int i = 0; i < rows; i++) renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        plot.setRenderer(renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(true);
        return new JFreeChart("Prefill throughput (median, min–max whiskers)", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    }

    /** One line per (arch, engine) over the contexts measured, with min–max bars; {@code gsaOnly} keeps GSA's backends only. */
    private static JFreeChart perContext(BenchReport r, String title, String yLabel, Timed y, boolean gsaOnly) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (BenchReport.DecodePoint d : r.decode()) {
            if (gsaOnly && !d.arch().equals("gsa")) continue;
            String key = series(d.arch(), d.engine());
            int i = data.indexOf(key);
            YIntervalSeries s = i >= 0 ? data.getSeries(i) : new YIntervalSeries(key);
            if (i < 0) data.addSeries(s);
            double[] v = y.of(d);
            s.add(d.context(), v[0], v[1], v[2]);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "context length (tokens)", yLabel, data, PlotOrientation.VERTICAL, true, true, false);
        XYPlot plot = chart.getXYPlot();
        LogAxis x = new LogAxis("context length (tokens)");
        x.setBase(2);
        x.setNumberFormatOverride(new DecimalFormat("0"));
        x.setTickUnit(new NumberTickUnit(1));
        plot.setDomainAxis(x);
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setDefaultLinesVisible(true);
        renderer.setDefaultShapesVisible(true);
        for (int i = 0; i < data.getSeriesCount(); i++) renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        plot.setRenderer(renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        return chart;
    }
}
