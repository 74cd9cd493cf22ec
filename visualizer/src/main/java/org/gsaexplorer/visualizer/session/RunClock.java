package org.gsaexplorer.visualizer.session;

import org.gsaexplorer.visualizer.tasks.BackgroundTasks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Run mode's clock: one step on the engine lane every period until stopped. It waits for each step, so a step slower
 * than the period delays the next one instead of queueing them up. Started and stopped on the engine lane.
 */
final class RunClock {
    private final BackgroundTasks tasks;
    private final Executor engine;
    private BackgroundTasks.Job<Void> job;

    RunClock(BackgroundTasks tasks, Executor engine) {
        this.tasks = tasks;
        this.engine = engine;
    }

    boolean running() {
        return job != null;
    }

    /** Runs {@code step} every {@code periodNanos}; a step that throws stops the clock and goes to {@code failed}. */
    void start(long periodNanos, Runnable step, Consumer<RuntimeException> failed) {
        stop();
        job = tasks.submit(p -> {
            tick(p, periodNanos, step, failed);
            return null;
        });
    }

    void stop() {
        if (job != null) job.cancel();
        job = null;
    }

    private void tick(BackgroundTasks.Progress p, long periodNanos, Runnable step, Consumer<RuntimeException> failed) {
        long next = System.nanoTime();
        while (!p.cancelled()) {
            next += periodNanos;
            LockSupport.parkNanos(next - System.nanoTime());
            CompletableFuture<Void> stepped = new CompletableFuture<>();
            engine.execute(() -> {
                try {
                    if (!p.cancelled()) step.run();
                } catch (RuntimeException e) {
                    stop();
                    failed.accept(e);
                } finally {
                    stepped.complete(null);
                }
            });
            stepped.join();
        }
    }
}
