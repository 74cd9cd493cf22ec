package org.gsaexplorer.model.recall;

import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.run.MeanDecay;
import org.gsaexplorer.model.eval.SessionWorkers;
import org.gsaexplorer.model.probe.ProbeSpec;

import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * Measures recall accuracy: draws sequences from a seed, runs each in prefill mode from the zero state and scores it.
 * Sequences are independent, so {@link SessionWorkers} share them out; the sequences depend only on the seed, so the
 * result is the same for any number of workers.
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
        MqarGenerator.checkPairs(pairs, "pairs");
        if (sequences < 1) throw new GsaException("sequences " + sequences + ": must be at least 1");
        SplittableRandom rng = new SplittableRandom(seed);
        MqarSequence[] seqs = new MqarSequence[sequences];
        for (int i = 0; i < sequences; i++) seqs[i] = MqarGenerator.generate(pairs, rng);
        int[] correct = new int[sequences];
        SessionWorkers.run("recall evaluation", model, sequences, workers, (s, i) -> {
            int[] ids = seqs[i].ids();
            s.setAblations(MeanDecay.resolve(model, ids, ablations));
            correct[i] = RecallScorer.correct(RecallScorer.score(seqs[i], s.prefill(ids, ProbeSpec.NONE)));
        }, progress);
        return new RecallReport(pairs, ablations, seed, correct, seqs[0].queries());
    }
}
