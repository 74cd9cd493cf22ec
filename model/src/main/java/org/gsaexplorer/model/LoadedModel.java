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

    @Override
    void close();
}
