package org.gsaexplorer.visualizer;

import javafx.application.Platform;
import org.gsaexplorer.model.error.GsaException;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the JavaFX toolkit from a plain main (no Application subclass) and runs work on its thread; used by the
 * application, the snapshot command, the FX tests and the frame-time bench.
 */
public final class FxRuntime {
    /**
     * JavaFX warns on every start that its classes came from the classpath rather than modules ("Unsupported JavaFX
     * configuration"); this app is built that way on purpose, so the line is noise before every command's output.
     * Held in a field: java.util.logging keeps loggers weakly, and a collected one forgets its level.
     */
    private static final Logger JAVAFX_LOG = Logger.getLogger("javafx");
    private static boolean started;

    private FxRuntime() {
    }

    /** True when a window system is reachable (on Linux: $DISPLAY or $WAYLAND_DISPLAY). */
    public static boolean hasDisplay() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) return true;
        return notBlank(System.getenv("DISPLAY")) || notBlank(System.getenv("WAYLAND_DISPLAY"));
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    public static synchronized void start() {
        if (started) return;
        JAVAFX_LOG.setLevel(Level.SEVERE);
        if (!hasDisplay())
            throw new GsaException("no display: run under a virtual one, e.g. xvfb-run -a ./gsa-explorer ... (apt-get install xvfb)");
        if (System.getProperty("prism.order") == null && !notBlank(System.getenv("GSA_PRISM"))) System.setProperty("prism.order", "sw,es2");
        // AWT serves only fonts and images here (JFreeChart, PNG encoding); headless, it opens no X connection of its
        // own, whose error handler would replace GTK's ("Gdk-WARNING: XSetErrorHandler() called with a GDK error trap")
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        CountDownLatch ready = new CountDownLatch(1);
        try {
            Platform.startup(() -> {
                SharedGlyphLayout.holdForGood();
                ready.countDown();
            });
            Platform.setImplicitExit(false);
            if (!ready.await(30, TimeUnit.SECONDS)) throw new GsaException("the JavaFX toolkit did not start within 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GsaException("interrupted while starting JavaFX");
        } catch (UnsupportedOperationException | IllegalStateException e) {
            throw new GsaException("JavaFX cannot start here (" + e.getMessage() + "); run under xvfb-run -a");
        }
        started = true;
    }

    /** Runs {@code r} on the FX thread: now when called there, else soon. The delivery executor of the app's view models. */
    public static void onFxThread(Runnable r) {
        if (Platform.isFxApplicationThread()) r.run();
        else Platform.runLater(r);
    }

    /** Runs {@code work} on the FX thread and waits for its result (its exception, wrapped, if it throws). */
    public static <T> T call(Callable<T> work) {
        return submit(work).join();
    }

    /** As {@link #call(Callable)}, giving up after {@code seconds}, for callers that must not hang. */
    public static <T> T call(Callable<T> work, long seconds) throws ExecutionException, TimeoutException, InterruptedException {
        return submit(work).get(seconds, TimeUnit.SECONDS);
    }

    private static <T> CompletableFuture<T> submit(Callable<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(work.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    /** Waits until {@code n} more pulses have run, so layout and charts are painted. */
    public static void pulses(int n) {
        for (int i = 0; i < n; i++) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            Platform.runLater(() -> {
                Platform.requestNextPulse();
                f.complete(null);
            });
            f.join();
            try {
                Thread.sleep(40);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
