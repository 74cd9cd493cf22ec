package org.gsaexplorer.app;

import org.gsaexplorer.app.cli.Cli;

/**
 * Entry point of {@code ./gsa-explorer}. Deliberately not a JavaFX Application subclass, so a plain classpath launch
 * works; with no arguments it opens the desktop explorer.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        HeapTarget.start();
        System.exit(Cli.run(args));
    }
}
