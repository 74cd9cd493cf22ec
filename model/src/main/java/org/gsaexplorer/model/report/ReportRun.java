package org.gsaexplorer.model.report;

import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.eval.SessionWorkers;
import org.gsaexplorer.model.eval.TextCorpus.Document;
import org.gsaexplorer.model.probe.ProbeSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the corpus windows through a model with every layer probed, on parallel workers, and reduces each forward's
 * probes into the worker's {@link SlotStatistics} at once; the workers' statistics are merged at the end.
 */
public final class ReportRun {
    /**
     * Tokens per prefill within a window: the window continues from the state the previous part left, so results do
     * not change, but only this many tokens of probes (all layers) are alive per worker.
     */
    static final int PART = 512;

    /** Told windows and tokens finished so far, from worker threads. */
    @FunctionalInterface
    public interface Progress {
        void update(int windows, long tokens);
    }

    private ReportRun() {
    }

    public static SlotStatistics run(LoadedModel model, List<Document> docs, List<CorpusWindow> windows, int workers,
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
            for (int off = 0; off < w.length(); off += PART) {
                int from = w.start() + off, to = from + Math.min(PART, w.length() - off);
                st.add(session.prefill(Arrays.copyOfRange(doc, from, to), all), Arrays.copyOfRange(doc, from + 1, to + 1));
            }
            st.endWindow();
            long tokens = tokensDone.addAndGet(w.length());
            progress.update(windowsDone.incrementAndGet(), tokens);
        }, n -> { });
        SlotStatistics total = new SlotStatistics(c);
        for (SlotStatistics s : shards) total.merge(s);
        return total;
    }
}
