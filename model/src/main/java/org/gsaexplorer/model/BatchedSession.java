package org.gsaexplorer.model;

import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.ProbeSpec;

import java.util.List;

/**
 * {@link #size} sequences running through a loaded model side by side, in step: every call gives each sequence the
 * same number of tokens, and returns one {@link ForwardResult} per sequence, in order, with the numbers a
 * {@link GsaSession} of its own would give. The ablations apply to all of them. A backend may run the batch as one
 * (the cuda backend: GEMMs over all sequences' rows, slot memory with a batch dimension) or one sequence after the
 * other ({@link SequentialBatch}). Not thread-safe: drive a batch from one thread.
 */
public interface BatchedSession extends AutoCloseable {
    /** The largest batch a backend must take. */
    int MAX_SIZE = 64;

    GsaConfig config();

    /** The backend's name, e.g. {@code cuda}. */
    String backendName();

    /** Sequences in the batch. */
    int size();

    Ablations ablations();

    /** Switches interventions for the tokens that follow, in every sequence (mean decay must be resolved first). */
    void setAblations(Ablations ablations);

    /** ids[b]: the next tokens of sequence b; all sequences take the same number (see {@link BatchRows#length}). */
    List<ForwardResult> prefill(int[][] ids, ProbeSpec probes);

    /** ids[b]: the next token of sequence b. */
    List<ForwardResult> step(int[] ids, ProbeSpec probes);

    /** Tokens each sequence has consumed since the last reset (or the position of the states last restored). */
    int position();

    /** Sequence b's state (see {@link GsaSession#saveState}). */
    RecurrentState saveState(int b);

    /**
     * Sequence b continues from {@code state}. The sequences of a batch share one position, which becomes the state's:
     * restore the others to states of the same position before the batch runs on (running sequences restored to
     * different positions is refused).
     */
    void restoreState(int b, RecurrentState state);

    /**
     * Every sequence b continues from {@code base} with {@code regions.get(b)} taken from {@code donor} (as
     * {@link StateRegion#replace} computes it), at their common position: what a patching sweep needs, one component
     * per sequence. Base and donor go to the backend once; the per-sequence copies are made there.
     */
    void restorePatched(RecurrentState base, RecurrentState donor, List<StateRegion> regions);

    /** Every sequence back to the zero state at position 0. */
    void reset();

    @Override
    void close();
}
