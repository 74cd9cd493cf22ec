package org.gsaexplorer.model.eval;

import org.gsaexplorer.model.LoadedModel;

/**
 * How independent sequences (patching reruns, corpus windows) are shared out: on sessions of their own on several
 * threads ({@link SessionWorkers}), or up to {@link org.gsaexplorer.model.BatchedSession#MAX_SIZE} at a time as the
 * sequences of one batch. Either gives each sequence the same numbers.
 */
public enum Parallelism {
    SESSIONS, BATCH;

    /** The model's own: batches where it runs a batch as one (the GPU), sessions on all cores elsewhere. */
    public static Parallelism of(LoadedModel model) {
        return model.batchesAsOne() ? BATCH : SESSIONS;
    }
}
