package org.gsaexplorer.model;

import org.gsaexplorer.model.config.GsaConfig;

/** A model whose weights a backend has prepared; sessions share them. */
public interface LoadedModel extends AutoCloseable {
    GsaConfig config();

    Backend backend();

    /** A new sequence at position 0 with no ablations. */
    GsaSession newSession();

    /** {@code size} new sequences at position 0 with no ablations, run side by side (here one after the other). */
    default BatchedSession newBatch(int size) {
        return new SequentialBatch(this, size);
    }

    /**
     * Whether {@link #newBatch} runs its sequences as one (the GPU: one launch over all of them) rather than one after
     * the other; work over many independent sequences then goes through a batch instead of sessions on all cores.
     */
    default boolean batchesAsOne() {
        return false;
    }

    @Override
    void close();
}
