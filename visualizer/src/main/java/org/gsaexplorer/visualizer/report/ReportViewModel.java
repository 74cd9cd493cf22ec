package org.gsaexplorer.visualizer.report;

import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.eval.TextCorpus;
import org.gsaexplorer.model.report.ReportFiles;
import org.gsaexplorer.model.report.CorpusWindow;
import org.gsaexplorer.model.report.Finding;
import org.gsaexplorer.model.report.Report;
import org.gsaexplorer.model.report.ReportRun;
import org.gsaexplorer.model.report.SlotStatistics;
import org.gsaexplorer.model.report.Thresholds;
import org.gsaexplorer.model.tokenizer.GsaTokenizer;
import org.gsaexplorer.visualizer.recall.Navigator;
import org.gsaexplorer.visualizer.report.ReportHeatmaps.Quantity;
import org.gsaexplorer.visualizer.report.ReportState.KeptWindow;
import org.gsaexplorer.visualizer.session.Errors;
import org.gsaexplorer.visualizer.tasks.BackgroundTasks;
import org.gsaexplorer.visualizer.tasks.CancelTicket;
import org.gsaexplorer.visualizer.tasks.PanelState;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The checkpoint health report in the explorer, free of JavaFX: runs the model's report over a corpus file as one
 * background task (its windows on all cores, {@link ReportRun}), with progress and cancel; keeps the finished
 * {@link Report} and every corpus window its statistics point to, so that other thresholds judge it anew without a
 * run; saves it with the model's writers; and sends the main window to a finding's or a heatmap cell's layer, head,
 * slot and token in the corpus window where it shows most. A failed or cancelled run leaves the previous report in
 * place.
 */
public final class ReportViewModel {
    /** Windows of the corpus run in parallel. */
    static final int WORKERS = Runtime.getRuntime().availableProcessors();

    private final Supplier<LoadedModel> model;
    private final Function<LoadedModel, Path> checkpointOf;
    private final Navigator navigator;
    private final BackgroundTasks tasks;
    private final PanelState<ReportState> panel = new PanelState<>(ReportState.EMPTY);
    // the model the report shown was made on: its findings and windows mean nothing on another
    private volatile LoadedModel owner;

    /** Listeners and results come on {@code tasks}' delivery executor. */
    public ReportViewModel(Supplier<LoadedModel> model, Function<LoadedModel, Path> checkpointOf, Navigator navigator, BackgroundTasks tasks) {
        this.model = model;
        this.checkpointOf = checkpointOf;
        this.navigator = navigator;
        this.tasks = tasks;
    }

    public ReportState state() {
        return panel.get();
    }

    public void addListener(Consumer<ReportState> l) {
        panel.addListener(l);
    }

    private void status(String line) {
        panel.publish(state().with(false, 0, line));
    }

    /** What a finished run hands back: the report and every window its statistics point to. */
    private record Outcome(Report report, Map<Integer, KeptWindow> windows) {
    }

    /**
     * Reports on {@code data} (a text or .jsonl file, or a folder of them) read in windows of {@code window} tokens,
     * at most {@code maxTokens} in all (≤ 0: everything). A run in progress is cancelled first.
     */
    public CompletableFuture<Void> run(Path data, long maxTokens, int window) {
        cancel();
        LoadedModel m = model.get();
        if (m == null) return fail("no model is loaded");
        if (data == null) return fail("pick a corpus file first");
        if (window < 1) return fail("window " + window + ": must be at least 1 token");
        Path dir = checkpointOf.apply(m);
        if (dir == null) return fail("the model's folder is unknown, so its tokenizer cannot be read");
        panel.publish(state().with(true, 0, "reading " + data.getFileName() + "…"));
        CancelTicket ticket = panel.newRun();
        Thresholds th = state().thresholds();
        BackgroundTasks.Job<Outcome> j = tasks.submit(p -> compute(m, dir, data, maxTokens, window, th, ticket.check(p), p),
                u -> {
                    if (state().running()) panel.publish(state().with(true, u.fraction(), u.message()));
                },
                (out, err) -> {
                    if (err == null) {
                        owner = m;
                        // thresholds changed while it ran: judged by those the tab shows now
                        Thresholds now = state().thresholds();
                        Report r = out.report().thresholds().equals(now) ? out.report() : out.report().judgedBy(now, texts(out.windows()));
                        panel.publish(new ReportState(false, 1, done(r), r, now, out.windows()));
                    } else {
                        status(err instanceof CancellationException ? "report cancelled" : Errors.message(err));
                    }
                });
        return j.result().handle((v, e) -> null);
    }

    private CompletableFuture<Void> fail(String message) {
        status(message);
        return CompletableFuture.completedFuture(null);
    }

    /** Stops a run at its next window; the report shown before stays. */
    public void cancel() {
        panel.cancel();
    }

    private static Outcome compute(LoadedModel m, Path dir, Path data, long maxTokens, int window, Thresholds th, Runnable check,
                                   BackgroundTasks.Progress p) {
        try (GsaTokenizer tok = GsaTokenizer.forCheckpoint(dir, m.config().vocabSize())) {
            List<TextCorpus.Document> docs = TextCorpus.read(data, tok, maxTokens);
            List<CorpusWindow> windows = CorpusWindow.cut(docs, window);
            if (windows.isEmpty()) throw new GsaException(data + ": too few tokens to predict one (a document needs at least 2)");
            long total = windows.stream().mapToLong(CorpusWindow::length).sum();
            long t0 = System.nanoTime();
            SlotStatistics stats = ReportRun.run(m, docs, windows, WORKERS, (w, tokens) -> {
                check.run();
                p.report((double) tokens / total, ReportText.progress(w, windows.size(), tokens, total, (System.nanoTime() - t0) / 1e9));
            });
            check.run();
            double seconds = (System.nanoTime() - t0) / 1e9;
            // the windows any thresholds or heatmap cell can point to: at most a few per slot, whatever the corpus size
            Map<Integer, Report.WindowText> texts = Report.windowTexts(stats.extremeWindows(), windows, docs, tok,
                    text -> ReportText.exploreCommand(dir, text));
            Map<Integer, KeptWindow> kept = new TreeMap<>();
            texts.forEach((i, text) -> kept.put(i, new KeptWindow(windows.get(i).ids(docs), text)));
            Report none = new Report(dir.toString(), m.backend().name(), data.toString(), window, seconds, th, stats, List.of(), Map.of());
            return new Outcome(none.judgedBy(th, texts), Collections.unmodifiableMap(kept));
        }
    }

    private static Map<Integer, Report.WindowText> texts(Map<Integer, KeptWindow> windows) {
        Map<Integer, Report.WindowText> out = new TreeMap<>();
        windows.forEach((i, w) -> out.put(i, w.text()));
        return out;
    }

    /**
     * Sets one threshold from the text typed for it and judges the report shown by the new thresholds, from the
     * statistics it gathered (no corpus run). A non-number or a value out of range is one line in the status, and
     * everything stays as it was.
     */
    public void setThreshold(ThresholdField field, String text) {
        ReportState s = state();
        Thresholds th;
        try {
            th = field.parse(s.thresholds(), text);
        } catch (GsaException e) {
            status(e.getMessage());
            return;
        }
        setThresholds(th);
    }

    /** Judges the report shown (if any) by {@code th}, which the next run uses too. */
    public void setThresholds(Thresholds th) {
        ReportState s = state();
        if (th.equals(s.thresholds())) return;
        Report r = s.report() == null ? null : s.report().judgedBy(th, texts(s.windows()));
        String line = r == null ? "thresholds set for the next run" : "findings under the new thresholds: " + ReportText.summary(r.findings());
        panel.publish(new ReportState(s.running(), s.fraction(), s.running() ? s.status() : line, r, th, s.windows()));
    }

    private static String done(Report r) {
        return String.format("%,d tokens in %d windows, %.1f s (%.0f tokens/s) · %.4f bits/token · %s", r.stats().tokens(),
                r.stats().windows(), r.seconds(), r.stats().tokens() / r.seconds(), r.stats().bitsPerToken(), ReportText.summary(r.findings()));
    }

    /**
     * Writes the report as {@code html} and the JSON beside it (same stem), each atomically, replacing files the user
     * chose to overwrite. A bad name or an unwritable folder is one line in the status; nothing half-written stays.
     */
    public void save(Path html) {
        Report r = state().report();
        if (r == null) {
            status("no report to save yet");
            return;
        }
        Path json = ReportFiles.jsonBeside(html);
        if (json == null) {
            status(html + ": the file name must end in .html (the JSON goes beside it)");
            return;
        }
        try {
            ReportFiles.write(r, html, true);
            panel.publish(state().with(false, 1, "saved " + html + " and " + json.getFileName()));
        } catch (RuntimeException e) {
            status(Errors.message(e));
        }
    }

    /**
     * Sends the main window to a finding: its corpus window becomes the prompt, the cursor goes to the token where it
     * shows ({@link FindingFocus}, computed in the background), with its layer, head and slot selected in the view
     * that shows the kind.
     */
    public CompletableFuture<Void> open(Finding f) {
        LoadedModel m = model.get();
        return m == null ? CompletableFuture.completedFuture(null) : open(m, FindingFocus.spot(f, m.config().groups()));
    }

    /**
     * Sends the main window to the slot of a heatmap cell as {@link #open(Finding)} does, in the corpus window where
     * that slot shows most what the heatmap draws ({@link FindingFocus#spot(SlotStatistics, Quantity, int, int, int)}).
     */
    public CompletableFuture<Void> open(Quantity q, int layer, int kvHead, int slot) {
        Report r = state().report();
        LoadedModel m = model.get();
        return r == null || m == null ? CompletableFuture.completedFuture(null) : open(m, FindingFocus.spot(r.stats(), q, layer, kvHead, slot));
    }

    private CompletableFuture<Void> open(LoadedModel m, FindingFocus.Spot spot) {
        ReportState s = state();
        if (s.report() == null) return CompletableFuture.completedFuture(null);
        if (m != owner) return fail("this report was made on another model: run it again on this one");
        KeptWindow w = s.windows().get(spot.window());
        return tasks.submit(p -> FindingFocus.target(m, spot, w == null ? null : w.ids(), w == null ? null : w.text().text()), u -> { }, (t, err) -> {
            if (err != null) status(Errors.message(err));
            else navigator.navigate(t);
        }).result().handle((v, e) -> null);
    }
}
