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

    @Option(names = "--backend", defaultValue = "nd4j", paramLabel = "NAME", description = "nd4j (CPU, default), cuda (NVIDIA GPU) or reference (plain Java)")
    public String backend;

    /** The backend asked for; an unusable GPU backend falls back to nd4j with a one-line warning. */
    public Backend createBackend(PrintWriter err) {
        Backends.Choice c = Backends.createOrFallback(backend, "nd4j");
        if (c.fallbackReason() != null) err.println("warning: " + c.fallbackReason() + "; using " + c.backend().name());
        return c.backend();
    }
}
