package org.gsaexplorer.app.cli;

import java.io.PrintWriter;

/** Windows done, tokens/s and time left on one rewritten stderr line, at most twice a second. */
final class ProgressLine {
    private final PrintWriter err;
    private final int windows;
    private final long tokens;
    private final long start = System.nanoTime();
    private long lastPrint;

    ProgressLine(PrintWriter err, int windows, long tokens) {
        this.err = err;
        this.windows = windows;
        this.tokens = tokens;
    }

    synchronized void update(int windowsDone, long tokensDone) {
        long now = System.nanoTime();
        if (now - lastPrint < 500_000_000L && windowsDone < windows) return;
        lastPrint = now;
        double rate = tokensDone / ((now - start) / 1e9);
        err.printf("\rwindow %d/%d, %.0f tokens/s, %.0f s left   ", windowsDone, windows, rate, (tokens - tokensDone) / rate);
        err.flush();
    }

    void finish() {
        err.println();
    }
}
