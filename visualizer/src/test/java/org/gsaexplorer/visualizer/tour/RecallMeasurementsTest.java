package org.gsaexplorer.visualizer.tour;

import org.gsaexplorer.model.Backend;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.RecurrentState;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.visualizer.recall.SampleFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The measurement's memory stays bounded (at most two threads hold sessions at once, and every session is closed) and
 * a cancel stops it within a sequence.
 */
class RecallMeasurementsTest {
    static SampleFixture sample;

    @BeforeAll
    static void load() {
        sample = new SampleFixture();
    }

    @AfterAll
    static void close() {
        sample.close();
    }

    /** The sample, counting its sessions: open now, the most threads holding one at once, and prefills run. */
    static final class Counting implements LoadedModel {
        /**
         * Unprobed prefills answer at once, without a real forward (tests of the measurement's order need none): a
         * sequence whose first id is even is predicted perfectly, any other not at all.
         */
        final boolean zeroLogits;
        final AtomicInteger open = new AtomicInteger(), mostThreads = new AtomicInteger(), prefills = new AtomicInteger();
        final Map<Thread, Integer> openByThread = new ConcurrentHashMap<>();

        Counting() {
            this(false);
        }

        Counting(boolean zeroLogits) {
            this.zeroLogits = zeroLogits;
        }

        @Override public GsaConfig config() { return sample.model.config(); }
        @Override public Backend backend() { return sample.model.backend(); }
        @Override public void close() { }

        @Override
        public GsaSession newSession() {
            GsaSession s = sample.model.newSession();
            Thread owner = Thread.currentThread();
            open.incrementAndGet();
            openByThread.merge(owner, 1, Integer::sum);
            mostThreads.accumulateAndGet(openByThread.size(), Math::max);
            return new GsaSession() {
                @Override public GsaConfig config() { return s.config(); }
                @Override public String backendName() { return s.backendName(); }
                @Override public Ablations ablations() { return s.ablations(); }
                @Override public void setAblations(Ablations a) { s.setAblations(a); }
                @Override public ForwardResult step(int id, ProbeSpec probes) { return s.step(id, probes); }
                @Override public int position() { return s.position(); }
                @Override public RecurrentState saveState() { return s.saveState(); }
                @Override public void restoreState(RecurrentState state) { s.restoreState(state); }
                @Override public void reset() { s.reset(); }

                @Override
                public ForwardResult prefill(int[] ids, ProbeSpec probes) {
                    prefills.incrementAndGet();
                    int vocab = s.config().vocabSize();
                    if (!zeroLogits || !probes.equals(ProbeSpec.NONE)) return s.prefill(ids, probes);
                    float[] logits = new float[ids.length * vocab];
                    if (ids[0] % 2 == 0) for (int t = 0; t + 1 < ids.length; t++) logits[t * vocab + ids[t + 1]] = 1;
                    return new ForwardResult(ids, 0, vocab, logits, Map.of());
                }

                @Override
                public void close() {
                    s.close();
                    openByThread.computeIfPresent(owner, (t, n) -> n == 1 ? null : n - 1);
                    open.decrementAndGet();
                }
            };
        }
    }

    /**
     * One measurement of 11 sequences per setting (its first one estimated first): at most two threads hold sessions
     * and all are closed; every setting is estimated before any is measured in full.
     */
    @Test
    void everySettingIsEstimatedFirstWithAtMostTwoThreadsHoldingSessionsAllClosed() {
        Counting model = new Counting(true);
        RecallMeasurements m = new RecallMeasurements(11);
        assertEquals(1, m.estimateSequences());
        assertEquals(10, new RecallMeasurements(100).estimateSequences());
        assertEquals(0, new RecallMeasurements(10).estimateSequences());
        int settings = RecallMeasurements.SETTINGS.size() * RecallMeasurements.PAIRS.length;
        AtomicInteger results = new AtomicInteger();
        m.measure(model, () -> false, () -> {
            int n = results.incrementAndGet();
            long estimated = RecallMeasurements.SETTINGS.stream().mapToLong(s -> java.util.Arrays.stream(RecallMeasurements.PAIRS)
                    .filter(p -> m.estimate(s, p).isPresent()).count()).sum();
            assertEquals(Math.min(n, settings), estimated, "result " + n);
            assertEquals(Math.max(0, n - settings), m.values().size(), "result " + n);
        });
        assertEquals(2 * settings, results.get());
        assertTrue(m.complete());
        assertTrue(model.mostThreads.get() <= RecallMeasurements.WORKERS, model.mostThreads.get() + " threads at once");
        assertEquals(0, model.open.get());
        // the estimate is the measurement's own first sequence: the same seed draws it first
        double full = m.accuracy("baseline", 8).orElseThrow();
        assertTrue(full > 0 && full < 1, "the stand-in forward tells sequences apart: " + full);
        double first = org.gsaexplorer.model.recall.RecallEvaluator.evaluate(model, 8, m.estimateSequences(),
                RecallMeasurements.SEED, org.gsaexplorer.model.ablation.Ablations.NONE).accuracy();
        assertEquals(first, m.estimate("baseline", 8).orElseThrow(), 1e-12);
    }

    @Test
    void aCancelStopsWithinASequenceAndDropsTheSettingInProgress() throws InterruptedException {
        Counting model = new Counting();
        AtomicBoolean cancelled = new AtomicBoolean();
        RecallMeasurements m = new RecallMeasurements(50);
        m.measure(model, () -> {
            if (model.prefills.get() >= 3) cancelled.set(true);
            return cancelled.get();
        }, () -> { });
        assertTrue(cancelled.get());
        assertTrue(model.prefills.get() <= 3 + RecallMeasurements.WORKERS, model.prefills.get() + " sequences ran");
        assertTrue(m.values().isEmpty());
        // the other worker may still be finishing its sequence; then it closes its session
        for (int i = 0; i < 500 && model.open.get() > 0; i++) Thread.sleep(10);
        assertEquals(0, model.open.get());
    }
}
