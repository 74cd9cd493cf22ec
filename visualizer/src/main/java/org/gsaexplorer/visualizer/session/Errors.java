package org.gsaexplorer.visualizer.session;

import org.gsaexplorer.model.error.GsaException;

/** Turns any failure into the one line a user sees. */
public final class Errors {
    private Errors() {
    }

    public static String message(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause())
            if (t instanceof GsaException g) return g.getMessage();
        Throwable root = ex;
        while (root.getCause() != null && (root instanceof java.util.concurrent.CompletionException
                || root instanceof java.util.concurrent.ExecutionException)) root = root.getCause();
        if (root instanceof OutOfMemoryError)
            return "out of memory (" + root.getMessage() + "); close other programs or shorten the sequence: the session is kept";
        String msg = root.getMessage();
        return root.getClass().getSimpleName() + (msg == null ? "" : ": " + msg.lines().findFirst().orElse(""));
    }
}
