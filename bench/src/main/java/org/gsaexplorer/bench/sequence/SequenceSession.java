package org.gsaexplorer.bench.sequence;

/**
 * One sequence of a {@link SequenceModel}: prefill (parallel over time) and step (one token) continue from the current
 * state. Closing it frees what it holds outside the Java heap (a model closes the sessions still open when it closes).
 */
public interface SequenceSession extends AutoCloseable {
    /** Logits [T][V] flat for the tokens given. */
    float[] prefill(int[] ids);

    /** Logits [V] of one token. */
    float[] step(int id);

    /** Consumes {@code ids} like {@link #prefill} without returning logits (an engine may compute only what the state needs). */
    default void advance(int[] ids) {
        prefill(ids);
    }

    /**
     * Decodes {@code n} tokens greedily from {@code first} (each step's argmax is the next input), returning once all
     * are done; a GPU engine queues the steps without waiting on each.
     */
    default void generate(int first, int n) {
        int id = first;
        for (int i = 0; i < n; i++) {
            float[] logits = step(id);
            int best = 0;
            for (int j = 1; j < logits.length; j++) if (logits[j] > logits[best]) best = j;
            id = best;
        }
    }

    /**
     * Makes later steps record every layer's probes (on) or none (off); returns how many layers the engine probes, 0
     * when it has no probes (and then nothing changes).
     */
    default int probeAllLayers(boolean on) {
        return 0;
    }

    /** Tokens consumed since the last reset. */
    int position();

    /** Bytes of state or KV cache held for the tokens consumed so far. */
    long stateBytes();

    /** The state now, to come back to with {@link #restore} (so repetitions decode from the same context). */
    Snapshot snapshot();

    void restore(Snapshot snapshot);

    void reset();

    @Override
    default void close() {
    }

    /** An opaque saved state; only the session that made it can restore it. */
    interface Snapshot {
    }

    /**
     * The snapshot of a KV-cache session: cache rows past the mark are simply overwritten later, so a mark is just the
     * position. {@link #back} checks one made by a session now at {@code position} and gives the position to return to.
     */
    record PositionMark(int position) implements Snapshot {
        public static int back(Snapshot s, int position) {
            if (!(s instanceof PositionMark(int p)) || p > position) throw new IllegalArgumentException("snapshot is not from this sequence");
            return p;
        }
    }
}
