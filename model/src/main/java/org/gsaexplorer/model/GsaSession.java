package org.gsaexplorer.model;

import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.ProbeSpec;

/**
 * One sequence running through a loaded model on a backend. Both ways of running give the same numbers:
 * {@link #prefill} processes many tokens at once (chunked, parallel over time) and {@link #step} one token through
 * the recurrent state. Both continue from the current state. Not thread-safe: drive a session from one thread.
 */
public interface GsaSession extends AutoCloseable {
    GsaConfig config();

    /** The backend's name, e.g. {@code nd4j}. */
    String backendName();

    Ablations ablations();

    /** Switches interventions for the tokens that follow (no reload). Mean decay must be resolved first ({@link org.gsaexplorer.model.run.MeanDecay}). */
    void setAblations(Ablations ablations);

    ForwardResult prefill(int[] ids, ProbeSpec probes);

    ForwardResult step(int id, ProbeSpec probes);

    /** Tokens consumed since the last reset. */
    int position();

    RecurrentState saveState();

    void restoreState(RecurrentState state);

    /** Back to the zero state at position 0. */
    void reset();

    @Override
    void close();
}
