package org.gsaexplorer.app.cli;

import org.gsaexplorer.model.Backend;
import org.gsaexplorer.model.backend.Backends;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;

/** Options shared by commands that run a model. */
public final class ModelOptions {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "checkpoint folder (config.json, model.safetensors)")
    public Path model;

    @Option(names = "--backend", defaultValue = Backends.DEFAULT, paramLabel = "NAME", description = "vector (CPU, default), nd4j (CPU, ND4J/OpenBLAS), cuda (NVIDIA GPU) or reference (plain Java)")
    public String backend;

    /** The backend asked for; an unusable GPU backend falls back to the default CPU backend with a one-line warning. */
    public Backend createBackend(PrintWriter err) {
        Backends.Choice c = Backends.createOrFallback(backend, Backends.DEFAULT);
        if (c.fallbackReason() != null) err.println("warning: " + c.fallbackReason() + "; using " + c.backend().name());
        return c.backend();
    }
}
