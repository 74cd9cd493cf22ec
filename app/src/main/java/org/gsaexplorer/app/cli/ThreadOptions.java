package org.gsaexplorer.app.cli;

import org.gsaexplorer.model.error.GsaException;
import picocli.CommandLine.Option;

/** --threads for commands whose independent items (sequences, windows, patched components) run in parallel. */
public final class ThreadOptions {
    @Option(names = "--threads", paramLabel = "N", description = "items run in parallel, one session each (default: one per CPU core)")
    Integer threads;

    /** The number of workers asked for, checked. */
    int workers() {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) throw new GsaException("--threads " + n + ": must be at least 1");
        return n;
    }
}
