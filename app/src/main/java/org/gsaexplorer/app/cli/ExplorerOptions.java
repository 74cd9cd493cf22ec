package org.gsaexplorer.app.cli;

import org.gsaexplorer.app.fx.ExplorerSetup;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options of the commands that open the explorer: every one has a default, the bundled MQAR sample. */
final class ExplorerOptions {
    @Option(names = "--model", paramLabel = "DIR", description = "checkpoint folder (default: samples/mqar-gsa-tiny/model)")
    Path model;

    @Option(names = "--backend", paramLabel = "NAME", description = "engine backend (default: nd4j when available)")
    String backend;

    @Option(names = "--prompt", paramLabel = "TEXT", description = "prompt (default: the model's starter: a recall prompt for the MQAR sample, a short Rust program for a byte-level model)")
    String prompt;

    /** The explorer's set-up after {@code steps} tokens (-1: the whole prompt). */
    ExplorerSetup setup(int steps) {
        return ExplorerSetup.defaults(model, backend, prompt, steps);
    }
}
