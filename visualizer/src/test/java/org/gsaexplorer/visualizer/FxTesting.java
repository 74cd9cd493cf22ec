package org.gsaexplorer.visualizer;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the Xvfb UI tests share: work on the FX thread, and waiting for a condition with a bound. */
public final class FxTesting {
    private FxTesting() {
    }

    /** Runs {@code work} on the FX thread and returns its result. */
    public static <T> T fx(Supplier<T> work) {
        return FxRuntime.call(work::get);
    }

    /** Polls {@code done} every 20 ms; fails after {@code seconds}. */
    public static void await(long seconds, BooleanSupplier done) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "timed out");
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
