package org.gsaexplorer.visualizer.recall;

import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.backend.Backends;
import org.gsaexplorer.model.weights.Checkpoint;
import org.gsaexplorer.visualizer.catalog.ModelCatalog;

import java.nio.file.Path;

/** The shipped MQAR sample on the reference backend, for the recall and tour view-model tests. */
public final class SampleFixture implements AutoCloseable {
    public final Checkpoint checkpoint;
    public final LoadedModel model;

    public SampleFixture() {
        Path dir = ModelCatalog.findSamples(Path.of(""), null).resolve("mqar-gsa-tiny/model");
        checkpoint = Checkpoint.open(dir);
        model = Backends.create("reference").load(checkpoint);
    }

    /** The sample tokenizer's spelling: k0..k127, v0..v127. */
    public static String token(int id) {
        return id < 128 ? "k" + id : "v" + (id - 128);
    }

    @Override
    public void close() {
        model.close();
        checkpoint.close();
    }
}
