package org.gsaexplorer.model.report;

import org.gsaexplorer.model.BatchedSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.eval.Parallelism;
import org.gsaexplorer.model.eval.SessionWorkers;
import org.gsaexplorer.model.eval.TextCorpus.Document;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.ProbeSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the corpus windows through a model with every layer probed and reduces each forward's probes into a
 * {@link SlotStatistics} at once; the statistics of the parts are merged at the end. Windows run on parallel workers,
 * one session each, or, where the model runs a batch as one (the GPU), windows of one length up to 64 at a time as the
 * sequences of a batch, each with statistics of its own.
 */
public final class ReportRun {
    /**
     * Tokens per prefill within a window: the window continues from the state the previous part left, so results do
     * not change, but only this many tokens of probes (all layers) are alive per worker.
     */
    static final int PART = 512;
    /** Rows (sequences × tokens) per batched prefill: the batch's probes alive at once are those of four parts. */
    static final int BATCH_ROWS = 4 * PART;

    /** Told windows and tokens finished so far, from worker threads. */
    @FunctionalInterface
    public interface Progress {
        void update(int windows, long tokens);
    }

    private ReportRun() {
    }

    public static SlotStatistics run(LoadedModel model, List<Document> docs, List<CorpusWindow> windows, int workers,
                                     Progress progress) {
        return run(model, docs, windows, Parallelism.of(model), workers, progress);
    }

    /** As above, with the windows shared out {@code way} (the same statistics either way). */
    public static SlotStatistics run(LoadedModel model, List<Document> docs, List<CorpusWindow> windows, Parallelism way,
                                     int workers, Progress progress) {
        return switch (way) {
            case SESSIONS -> onSessions(model, docs, windows, workers, PART, progress);
            case BATCH -> inBatches(model, docs, windows, BatchedSession.MAX_SIZE, BATCH_ROWS, progress);
        };
    }

    /** Each worker's session runs its windows one after the other, {@code part} tokens per prefill. */
    static SlotStatistics onSessions(LoadedModel model, List<Document> docs, List<CorpusWindow> windows, int workers, int part,
                                     Progress progress) {
        GsaConfig c = model.config();
        ProbeSpec all = ProbeSpec.all(c.numLayers());
        List<SlotStatistics> shards = Collections.synchronizedList(new ArrayList<>());
        ThreadLocal<SlotStatistics> own = ThreadLocal.withInitial(() -> {
            SlotStatistics s = new SlotStatistics(c);
            shards.add(s);
            return s;
        });
        AtomicInteger windowsDone = new AtomicInteger();
        AtomicLong tokensDone = new AtomicLong();
        SessionWorkers.run("report", model, windows.size(), workers, (session, i) -> {
            CorpusWindow w = windows.get(i);
            int[] doc = docs.get(w.doc()).tokens();
            SlotStatistics st = own.get();
            st.beginWindow(i);
            for (int off = 0; off < w.length(); off += part) {
                int from = w.start() + off, to = from + Math.min(part, w.length() - off);
                st.add(session.prefill(Arrays.copyOfRange(doc, from, to), all), Arrays.copyOfRange(doc, from + 1, to + 1));
            }
            st.endWindow();
            long tokens = tokensDone.addAndGet(w.length());
            progress.update(windowsDone.incrementAndGet(), tokens);
        }, n -> { });
        return merged(c, shards);
    }

    /**
     * Windows of one length, up to {@code size} at a time, as a batch whose sequence b feeds statistics b, fed about
     * {@code rows} rows (sequences × tokens) per prefill; the batch is reused (reset) while the number of windows stays.
     */
    static SlotStatistics inBatches(LoadedModel model, List<Document> docs, List<CorpusWindow> windows, int size, int rows,
                                    Progress progress) {
        GsaConfig c = model.config();
        Map<Integer, List<Integer>> byLength = new TreeMap<>();
        for (int i = 0; i < windows.size(); i++) byLength.computeIfAbsent(windows.get(i).length(), k -> new ArrayList<>()).add(i);
        List<SlotStatistics> shards = new ArrayList<>();
        int windowsDone = 0;
        long tokensDone = 0;
        BatchedSession s = null;
        try {
            for (List<Integer> group : byLength.values())
                for (int from = 0; from < group.size(); from += size) {
                    List<Integer> batch = group.subList(from, Math.min(group.size(), from + size));
                    while (shards.size() < batch.size()) shards.add(new SlotStatistics(c));
                    if (s != null && s.size() == batch.size()) {
                        s.reset();
                    } else {
                        if (s != null) s.close();
                        s = null; // not closed twice should newBatch fail
                        s = model.newBatch(batch.size());
                    }
                    run(s, docs, windows, batch, rows, shards);
                    windowsDone += batch.size();
                    tokensDone += (long) batch.size() * windows.get(batch.getFirst()).length();
                    progress.update(windowsDone, tokensDone);
                }
        } finally {
            if (s != null) s.close();
        }
        return merged(c, shards);
    }

    /** Windows {@code batch} (indices into {@code windows}, all of one length) as the sequences of {@code s}, the b-th into shard b. */
    private static void run(BatchedSession s, List<Document> docs, List<CorpusWindow> windows, List<Integer> batch, int rows,
                            List<SlotStatistics> shards) {
        int b = batch.size(), length = windows.get(batch.getFirst()).length(), part = Math.max(1, rows / b);
        ProbeSpec all = ProbeSpec.all(s.config().numLayers());
        for (int i = 0; i < b; i++) shards.get(i).beginWindow(batch.get(i));
        for (int off = 0; off < length; off += part) {
            if (Thread.currentThread().isInterrupted()) throw new GsaException("report interrupted");
            int n = Math.min(part, length - off);
            int[][] ids = new int[b][], targets = new int[b][];
            for (int i = 0; i < b; i++) {
                CorpusWindow w = windows.get(batch.get(i));
                int[] doc = docs.get(w.doc()).tokens();
                ids[i] = Arrays.copyOfRange(doc, w.start() + off, w.start() + off + n);
                targets[i] = Arrays.copyOfRange(doc, w.start() + off + 1, w.start() + off + n + 1);
            }
            List<ForwardResult> out = s.prefill(ids, all);
            for (int i = 0; i < b; i++) shards.get(i).add(out.get(i), targets[i]);
        }
        for (int i = 0; i < b; i++) shards.get(i).endWindow();
    }

    private static SlotStatistics merged(GsaConfig c, List<SlotStatistics> shards) {
        SlotStatistics total = new SlotStatistics(c);
        for (SlotStatistics s : shards) total.merge(s);
        return total;
    }
}
