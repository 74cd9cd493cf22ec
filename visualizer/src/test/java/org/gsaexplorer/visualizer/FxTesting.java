package org.gsaexplorer.visualizer;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What the Xvfb UI tests share: a display, work on the FX thread, and waiting for a condition with a bound. */
public final class FxTesting {
    private FxTesting() {
    }

    /** Skips the calling tests when there is no display; else starts the FX runtime, rendering in software. */
    public static void startOnDisplay() {
        assumeTrue(FxRuntime.hasDisplay(), "no display: the FX window tests run under xvfb-run -a (./gsa-explorer test does this)");
        System.setProperty("prism.order", "sw");
        FxRuntime.start();
    }

    /** Runs {@code work} on the FX thread and returns its result. */
    public static <T> T fx(Supplier<T> work) {
        return FxRuntime.call(work::get);
    }

    /** Polls {@code done} every 20 ms; fails after {@code seconds}. */
    public static void await(long seconds, BooleanSupplier done) {
        await(seconds, done, () -> "");
    }

    /** Polls {@code done} every 20 ms; fails after {@code seconds}, saying {@code what} (what was awaited, as it stands). */
    public static void await(long seconds, BooleanSupplier done, Supplier<String> what) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, () -> "timed out " + what.get());
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting " + what.get(), e);
            }
        }
    }

    /** Polls {@code value} every 20 ms until it equals {@code expected}; fails after {@code seconds} with the last value. */
    public static <T> void awaitEquals(long seconds, T expected, Supplier<T> value) {
        Object[] last = {null};
        await(seconds, () -> Objects.equals(last[0] = value.get(), expected), () -> "for " + expected + ", still: " + last[0]);
    }
}
