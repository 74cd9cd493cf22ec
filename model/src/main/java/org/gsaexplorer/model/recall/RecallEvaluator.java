package org.gsaexplorer.model.recall;

import org.gsaexplorer.model.GsaException;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.ablation.MeanDecay;
import org.gsaexplorer.model.probe.ProbeSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Measures recall accuracy: draws sequences from a seed, runs each in prefill mode from the zero state and scores it.
 * Sequences are independent, so workers (one session each) share them out; the sequences depend only on the seed, so
 * the result is the same for any number of workers.
 */
public final class RecallEvaluator {
    private RecallEvaluator() {
    }

    public static RecallReport evaluate(LoadedModel model, int pairs, int sequences, long seed, Ablations ablations) {
        return evaluate(model, pairs, sequences, seed, ablations, Runtime.getRuntime().availableProcessors(), done -> { });
    }

    /**
     * @param workers  threads to run on (each with its own session of {@code model})
     * @param progress told the number of sequences finished so far, from worker threads
     */
    public static RecallReport evaluate(LoadedModel model, int pairs, int sequences, long seed, Ablations ablations,
                                        int workers, IntConsumer progress) {
        MqarGenerator.checkPairs(pairs);
        if (sequences < 1) throw new GsaException("--sequences " + sequences + ": must be at least 1");
        SplittableRandom rng = new SplittableRandom(seed);
        MqarSequence[] seqs = new MqarSequence[sequences];
        for (int i = 0; i < sequences; i++) seqs[i] = MqarGenerator.generate(pairs, rng);
        int[] correct = new int[sequences];
        AtomicInteger next = new AtomicInteger(), done = new AtomicInteger();
        int n = Math.max(1, Math.min(workers, sequences));
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "recall-eval");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < n; w++)
                futures.add(pool.submit(() -> {
                    try (GsaSession s = model.newSession()) {
                        for (int i; (i = next.getAndIncrement()) < sequences && !Thread.currentThread().isInterrupted(); ) {
                            int[] ids = seqs[i].ids();
                            s.reset();
                            s.setAblations(MeanDecay.resolve(model, ids, ablations));
                            correct[i] = RecallScorer.correct(RecallScorer.score(seqs[i], s.prefill(ids, ProbeSpec.NONE)));
                            progress.accept(done.incrementAndGet());
                        }
                    }
                }));
            for (Future<?> f : futures) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GsaException("recall evaluation interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new GsaException("recall evaluation failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new RecallReport(pairs, ablations, seed, correct, seqs[0].queries());
    }
}
