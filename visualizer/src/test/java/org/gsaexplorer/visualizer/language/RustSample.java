package org.gsaexplorer.visualizer.language;

import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.backend.Backends;
import org.gsaexplorer.model.weights.Checkpoint;
import org.gsaexplorer.visualizer.catalog.ModelCatalog;

import java.nio.file.Path;

/** The bundled byte-level Rust model on the nd4j backend, for the language tour's tests. */
final class RustSample implements AutoCloseable {
    static final Path DIR = ModelCatalog.findSamples(Path.of(""), null).resolve(ModelCatalog.RUST_SAMPLE).resolve("model");
    final Checkpoint checkpoint = Checkpoint.open(DIR);
    final LoadedModel model = Backends.create("nd4j").load(checkpoint);

    @Override
    public void close() {
        model.close();
        checkpoint.close();
    }
}
