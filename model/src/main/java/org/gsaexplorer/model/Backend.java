package org.gsaexplorer.model;

import org.gsaexplorer.model.weights.Checkpoint;

/** A compute engine that can run GSA models: {@code reference} (plain Java), {@code nd4j} (CPU) or {@code cuda}. */
public interface Backend extends AutoCloseable {
    String name();

    /** One line for status bars, e.g. "CPU, ND4J native (OpenBLAS), 2 threads". */
    String device();

    /** Prepares {@code checkpoint}'s weights for this backend (conversion, upload). The checkpoint must stay open while the model is used. */
    LoadedModel load(Checkpoint checkpoint);

    @Override
    default void close() {
    }
}
