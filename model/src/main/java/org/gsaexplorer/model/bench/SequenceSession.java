package org.gsaexplorer.model.bench;

/** One sequence of a {@link SequenceModel}: prefill (parallel over time) and step (one token) continue from the current state. */
public interface SequenceSession {
    /** Logits [T][V] flat for the tokens given. */
    float[] prefill(int[] ids);

    /** Logits [V] of one token. */
    float[] step(int id);

    /** Tokens consumed since the last reset. */
    int position();

    /** Bytes of state or KV cache held for the tokens consumed so far. */
    long stateBytes();

    /** The state now, to come back to with {@link #restore} (so repetitions decode from the same context). */
    Snapshot snapshot();

    void restore(Snapshot snapshot);

    void reset();

    /** An opaque saved state; only the session that made it can restore it. */
    interface Snapshot {
    }
}
