package org.gsaexplorer.visualizer.throughput;

import org.gsaexplorer.model.GsaException;
import org.gsaexplorer.bench.BenchFiles;
import org.gsaexplorer.bench.BenchReport;
import org.gsaexplorer.bench.BenchTable;
import org.gsaexplorer.bench.ModelShape;
import org.gsaexplorer.bench.ThroughputBench;
import org.gsaexplorer.model.io.AtomicFiles;
import org.gsaexplorer.model.weights.DType;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

import java.awt.Rectangle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The throughput panel without JavaFX: runs the bench on a background thread, reports progress and the result
 * through {@code ui} (the FX thread in the app, the caller's thread in tests), cancels on request, builds the charts
 * and exports CSV, JSON, PNG and SVG. Listeners run on {@code ui}.
 */
public final class ThroughputViewModel implements AutoCloseable {
    public enum Status { IDLE, RUNNING, DONE, CANCELLED, FAILED }

    /** What the panel shows; replaced as a whole on every change. */
    public record State(Status status, double progress, String message, BenchReport report) {
    }

    private final Executor ui;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "throughput-bench");
        t.setDaemon(true);
        return t;
    });
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean cancelRequested;
    private volatile State state = new State(Status.IDLE, 0, "not run yet", null);

    public ThroughputViewModel(Executor ui) {
        this.ui = ui;
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

    /** Starts a run unless one is running. */
    public void start(ThroughputBench.Options options) {
        if (state.status() == Status.RUNNING) return;
        cancelRequested = false;
        publish(new State(Status.RUNNING, 0, "starting", state.report()));
        worker.execute(() -> {
            try {
                BenchReport r = ThroughputBench.run(options, (f, m) -> publish(new State(Status.RUNNING, f, m, state.report())), () -> cancelRequested);
                publish(new State(Status.DONE, 1, "done", r));
            } catch (CancellationException e) {
                publish(new State(Status.CANCELLED, state.progress(), "cancelled", state.report()));
            } catch (GsaException e) {
                publish(new State(Status.FAILED, state.progress(), e.getMessage(), state.report()));
            } catch (OutOfMemoryError e) {
                publish(new State(Status.FAILED, state.progress(), "out of memory; choose a smaller shape or shorter contexts", state.report()));
            } catch (RuntimeException e) {
                publish(new State(Status.FAILED, state.progress(), e.getClass().getSimpleName() + ": " + e.getMessage(), state.report()));
            }
        });
    }

    public void cancel() {
        cancelRequested = true;
    }

    private void publish(State s) {
        state = s;
        ui.execute(() -> listeners.forEach(Runnable::run));
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
        cancelRequested = true;
        worker.shutdownNow();
    }
}
