package org.gsaexplorer.visualizer.throughput;

import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.bench.BenchFiles;
import org.gsaexplorer.bench.BenchReport;
import org.gsaexplorer.bench.BenchTable;
import org.gsaexplorer.bench.ModelShape;
import org.gsaexplorer.bench.ThroughputBench;
import org.gsaexplorer.model.io.AtomicFiles;
import org.gsaexplorer.model.weights.DType;
import org.gsaexplorer.visualizer.tasks.BackgroundTasks;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

import java.awt.Rectangle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The throughput panel without JavaFX: runs the bench in the background, reports progress and the result on the
 * tasks' delivery executor (the FX thread in the app), cancels on request, builds the charts and exports CSV, JSON, PNG
 * and SVG. Listeners run on the delivery executor.
 */
public final class ThroughputViewModel implements AutoCloseable {
    public enum Status { IDLE, RUNNING, DONE, CANCELLED, FAILED }

    /** What the panel shows; replaced as a whole on every change. */
    public record State(Status status, double progress, String message, BenchReport report) {
    }

    private final BackgroundTasks tasks;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile BackgroundTasks.Job<BenchReport> job;
    private volatile State state = new State(Status.IDLE, 0, "not run yet", null);

    public ThroughputViewModel(BackgroundTasks tasks) {
        this.tasks = tasks;
    }

    public State state() {
        return state;
    }

    public void addListener(Runnable l) {
        listeners.add(l);
    }

    /** Options from the panel's fields; every bad value is a one-line {@link GsaException}. */
    public static ThroughputBench.Options options(String shape, Path modelDir, List<String> archs, String backends, String contexts,
                                                  int promptLength, int generate, int reps) {
        List<String> backendList = List.of(backends.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
        ModelShape s = modelDir != null ? ModelShape.of(modelDir) : ModelShape.preset(shape);
        return new ThroughputBench.Options(archs, backendList, s, modelDir, DType.F32, promptLength, generate,
                ThroughputBench.parseContexts(contexts), reps, 1, 1);
    }

    /** Starts a run unless one is running, the (engine, context) pairs in an order drawn now. */
    public void start(ThroughputBench.Options options) {
        start(options, System.nanoTime());
    }

    /**
     * Starts a run unless one is running. Every engine is warmed up at every context, each context's state saved in a
     * session of its own, before any is timed: an engine warmed as it is measured times its first contexts cold, and a
     * line would then bend with the order of the run, not with the context. The pairs are then timed in one order drawn
     * from {@code orderSeed}, so a machine that slows down or speeds up during the run favours no engine and no context.
     */
    public void start(ThroughputBench.Options options, long orderSeed) {
        if (state.status() == Status.RUNNING) return;
        publish(new State(Status.RUNNING, 0, "starting", state.report()));
        job = tasks.submit(p -> ThroughputBench.run(options, orderSeed, p::report, p::cancelled),
                u -> publish(new State(Status.RUNNING, u.fraction(), u.message(), state.report())), this::finished);
    }

    private void finished(BenchReport r, Throwable e) {
        publish(switch (e) {
            case null -> new State(Status.DONE, 1, "done", r);
            case CancellationException c -> new State(Status.CANCELLED, state.progress(), "cancelled", state.report());
            case GsaException g -> new State(Status.FAILED, state.progress(), g.getMessage(), state.report());
            case OutOfMemoryError o -> new State(Status.FAILED, state.progress(), "out of memory; choose a smaller shape or shorter contexts", state.report());
            default -> new State(Status.FAILED, state.progress(), e.getClass().getSimpleName() + ": " + e.getMessage(), state.report());
        });
    }

    public void cancel() {
        BackgroundTasks.Job<BenchReport> j = job;
        if (j != null) j.cancel();
    }

    private void publish(State s) {
        state = s;
        listeners.forEach(Runnable::run);
    }

    public List<ThroughputCharts.Named> charts() {
        BenchReport r = state.report();
        return r == null ? List.of() : ThroughputCharts.all(r);
    }

    public String table() {
        BenchReport r = state.report();
        return r == null ? "" : BenchTable.format(r);
    }

    /** CSV or JSON by the file's extension. */
    public void exportData(Path file) {
        BenchReport r = state.report();
        if (r == null) throw new GsaException("nothing to export yet: run the bench first");
        BenchFiles.write(r, file, true);
    }

    public static void exportPng(JFreeChart chart, Path file, int width, int height) {
        AtomicFiles.write(file, true, out -> ChartUtils.writeChartAsPNG(out, chart, width, height));
    }

    public static void exportSvg(JFreeChart chart, Path file, int width, int height) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        chart.draw(g, new Rectangle(0, 0, width, height));
        String svg = g.getSVGDocument();
        AtomicFiles.write(file, true, out -> out.write(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void close() {
        cancel();
    }
}
