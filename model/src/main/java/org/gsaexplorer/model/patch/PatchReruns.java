package org.gsaexplorer.model.patch;

import org.gsaexplorer.model.BatchedSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.RecurrentState;
import org.gsaexplorer.model.StateRegion;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.eval.Parallelism;
import org.gsaexplorer.model.eval.SessionWorkers;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.ProbeSpec;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The reruns of a patching sweep: for each component, the base state with that region taken from the donor, then the
 * suffix from there, and the logits at its last position. They are independent, so they run either on sessions of
 * their own on several threads (the CPU's cores) or as the sequences of a batch (the GPU, where the per-sequence
 * states are made on the device from one upload of base and donor). Both give each component the same numbers
 * (see {@link #LOGIT_FLOATS} for the one exception).
 */
record PatchReruns(RecurrentState base, RecurrentState donor, List<StateRegion> components, int[] suffix, Ablations ablations) {
    /**
     * Logit floats per batched call: with a large batch and vocabulary the suffix goes in pieces (the Rust sample's
     * 64 × 200 × 256 take one), which moves the numbers by prefill's rounding from one piece to another only.
     */
    static final long LOGIT_FLOATS = 1L << 24;

    /** Told each component's logits at the last position, from the thread that ran it. */
    @FunctionalInterface
    interface Last {
        void accept(int component, float[] logits);
    }

    void run(LoadedModel model, Parallelism way, int workers, Last last, IntConsumer progress) {
        switch (way) {
            case SESSIONS -> onSessions(model, workers, last, progress);
            case BATCH -> inBatches(model, BatchedSession.MAX_SIZE, last, progress);
        }
    }

    /** One session per worker thread, each taking components in turn. */
    void onSessions(LoadedModel model, int workers, Last last, IntConsumer progress) {
        SessionWorkers.run("patching", model, components.size(), workers, (s, i) -> {
            if (s.ablations() != ablations) s.setAblations(ablations);
            s.restoreState(components.get(i).replace(base, donor, model.config()));
            last.accept(i, s.prefill(suffix, ProbeSpec.NONE).logitsAt(suffix.length - 1));
        }, progress);
    }

    /** Up to {@code size} components at a time as the sequences of one batch (the last ones in a batch of their number). */
    void inBatches(LoadedModel model, int size, Last last, IntConsumer progress) {
        int n = components.size(), full = Math.min(size, n), from = 0;
        try (BatchedSession batch = model.newBatch(full)) {
            for (; from + full <= n; from += full) rerun(batch, from, last, progress);
        }
        if (from < n)
            try (BatchedSession rest = model.newBatch(n - from)) {
                rerun(rest, from, last, progress);
            }
    }

    /** Components [from, from + batch size) as the batch's sequences. */
    private void rerun(BatchedSession batch, int from, Last last, IntConsumer progress) {
        if (Thread.currentThread().isInterrupted()) throw new GsaException("patching interrupted");
        int b = batch.size();
        int piece = (int) Math.max(1, Math.min(suffix.length, LOGIT_FLOATS / ((long) b * batch.config().vocabSize())));
        if (batch.ablations() != ablations) batch.setAblations(ablations);
        batch.restorePatched(base, donor, components.subList(from, from + b));
        List<ForwardResult> out = List.of();
        for (int t = 0; t < suffix.length; t += piece) {
            int[][] ids = new int[b][];
            Arrays.fill(ids, Arrays.copyOfRange(suffix, t, Math.min(suffix.length, t + piece)));
            out = batch.prefill(ids, ProbeSpec.NONE);
        }
        for (int i = 0; i < b; i++) {
            ForwardResult r = out.get(i);
            last.accept(from + i, r.logitsAt(r.tokens() - 1));
        }
        progress.accept(from + b);
    }
}
