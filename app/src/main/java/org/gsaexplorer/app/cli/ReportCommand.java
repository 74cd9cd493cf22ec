package org.gsaexplorer.app.cli;

import org.gsaexplorer.model.Backend;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.eval.TextCorpus;
import org.gsaexplorer.model.report.ReportFiles;
import org.gsaexplorer.model.report.CorpusWindow;
import org.gsaexplorer.model.report.Finding;
import org.gsaexplorer.model.report.Findings;
import org.gsaexplorer.model.report.Report;
import org.gsaexplorer.model.report.ReportRun;
import org.gsaexplorer.model.report.SlotStatistics;
import org.gsaexplorer.model.report.Thresholds;
import org.gsaexplorer.model.tokenizer.GsaTokenizer;
import org.gsaexplorer.model.weights.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Checkpoint health report: how every slot is written, forgets and is read over a corpus, and what looks broken "
                + "(dead, amnesic, frozen or unread slots, collapsed readouts, non-finite values), as REPORT.html and REPORT.json.")
final class ReportCommand implements Callable<Integer> {
    static final int DEFAULT_WINDOW = 2048;

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--data", required = true, paramLabel = "FILE|FOLDER",
            description = "UTF-8 text file, .jsonl file with a string field \"text\" per line, or a folder of .txt/.jsonl files (taken in name order, not recursing)")
    Path data;

    @Option(names = "--window", defaultValue = "" + DEFAULT_WINDOW, paramLabel = "T",
            description = "tokens per window, each run from the empty state (default " + DEFAULT_WINDOW + ")")
    int window;

    @Option(names = "--max-tokens", paramLabel = "N", description = "read only the first N tokens of the data")
    Long maxTokens;

    @Option(names = "--threads", paramLabel = "N", description = "windows run in parallel (default: one per CPU core)")
    Integer threads;

    @Option(names = "--out", defaultValue = "report.html", paramLabel = "REPORT.html",
            description = "the HTML report; the JSON goes beside it with the same stem (default report.html)")
    Path out;

    @Option(names = "--force", description = "overwrite existing report files")
    boolean force;

    @Option(names = "--dead-write", defaultValue = "1e-3", paramLabel = "S", description = "dead_slot: max write weight below S (default 1e-3)")
    double deadWrite;

    @Option(names = "--amnesic-alpha", defaultValue = "0.05", paramLabel = "A", description = "amnesic_slot: mean α below A (default 0.05)")
    double amnesicAlpha;

    @Option(names = "--frozen-alpha", defaultValue = "0.999", paramLabel = "A", description = "frozen_slot: mean α above A, and written (default 0.999)")
    double frozenAlpha;

    @Option(names = "--unread-factor", defaultValue = "20", paramLabel = "F",
            description = "unread_slot: mean readout weight below 1/(F·slots) for every query head reading it (default 20)")
    double unreadFactor;

    @Option(names = "--collapse-entropy", defaultValue = "0.1", paramLabel = "H", description = "readout_collapse: mean readout entropy below H nats (default 0.1)")
    double collapseEntropy;

    @Option(names = "--collapse-share", defaultValue = "0.9", paramLabel = "P",
            description = "readout_collapse: one slot takes more than this share of a query head's readout mass (default 0.9)")
    double collapseShare;

    @Override
    public Integer call() {
        if (window < 1) throw new GsaException("--window " + window + ": must be at least 1");
        if (maxTokens != null && maxTokens < 2) throw new GsaException("--max-tokens " + maxTokens + ": must be at least 2");
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers < 1) throw new GsaException("--threads " + workers + ": must be at least 1");
        Thresholds thresholds = new Thresholds(deadWrite, amnesicAlpha, frozenAlpha, unreadFactor, collapseEntropy, collapseShare);
        Path json = ReportFiles.jsonBeside(out);
        if (json == null) throw new GsaException("--out " + out + ": the file name must end in .html");
        for (Path p : List.of(out, json))
            if (!force && Files.exists(p)) throw new GsaException(p + ": already exists (use --force to overwrite it)");
        Path folder = out.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) throw new GsaException("--out " + out + ": folder " + folder + " does not exist");

        PrintWriter stdout = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        try (Checkpoint ck = Checkpoint.open(modelOptions.model);
             GsaTokenizer tok = GsaTokenizer.forCheckpoint(modelOptions.model, ck.config().vocabSize())) {
            List<TextCorpus.Document> docs = TextCorpus.read(data, tok, maxTokens == null ? 0 : maxTokens);
            List<CorpusWindow> windows = CorpusWindow.cut(docs, window);
            long tokens = windows.stream().mapToLong(CorpusWindow::length).sum();
            if (windows.isEmpty())
                throw new GsaException(data + ": " + docs.stream().mapToInt(d -> d.tokens().length).sum()
                        + " tokens, too few to predict one (a document needs at least 2)");
            try (Backend backend = modelOptions.createBackend(err); LoadedModel model = backend.load(ck);
                 InterruptOnShutdown ignored = new InterruptOnShutdown()) {
                ProgressLine progress = new ProgressLine(err, windows.size(), tokens);
                long t0 = System.nanoTime();
                SlotStatistics stats = ReportRun.run(model, docs, windows, workers, progress::update);
                progress.finish();
                double seconds = (System.nanoTime() - t0) / 1e9;
                List<Finding> findings = Findings.detect(stats, thresholds);
                String modelArg = shellQuote(modelOptions.model.toString());
                Report report = new Report(modelOptions.model.toString(), backend.name(), data.toString(), window, seconds,
                        thresholds, stats, findings, Report.windowTexts(findings, windows, docs, tok,
                        prompt -> "./gsa-explorer explore --model " + modelArg + " --prompt " + shellQuote(prompt)));
                ReportFiles.write(report, out, force);
                stdout.printf("report:   %s, %s%n", out, json);
                stdout.printf("tokens:   %d in %d windows of up to %d, %.1f s on %s (%.0f tokens/s)%n", stats.tokens(), stats.windows(),
                        window, seconds, backend.name(), stats.tokens() / seconds);
                stdout.printf("bits_per_token: %.4f%n", stats.bitsPerToken());
                stdout.printf("findings: %s%n", summary(findings));
            }
        }
        return 0;
    }

    /** "3 (2 dead_slot, 1 unread_slot)", kinds worst first. */
    static String summary(List<Finding> findings) {
        if (findings.isEmpty()) return "none";
        Map<Finding.Kind, Long> byKind = findings.stream().collect(Collectors.groupingBy(Finding::kind, TreeMap::new, Collectors.counting()));
        return findings.size() + " (" + byKind.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().id)
                .collect(Collectors.joining(", ")) + ")";
    }

    /** A word for a POSIX shell: as it is when that is safe, else in single quotes. */
    static String shellQuote(String s) {
        if (!s.isEmpty() && s.matches("[A-Za-z0-9_./=:+,@%-]+")) return s;
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * While open, Ctrl-C (JVM shutdown) interrupts the command's thread and waits for it to give up, so the run stops
     * at the next window and no report is written, rather than being cut off at an arbitrary point.
     */
    private static final class InterruptOnShutdown implements AutoCloseable {
        private final CountDownLatch done = new CountDownLatch(1);
        private final Thread hook;

        InterruptOnShutdown() {
            Thread worker = Thread.currentThread();
            hook = new Thread(() -> {
                worker.interrupt();
                try {
                    done.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "report-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        @Override
        public void close() {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it has what it waited for
            }
        }
    }
}
