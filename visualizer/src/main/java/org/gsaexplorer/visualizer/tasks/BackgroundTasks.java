package org.gsaexplorer.visualizer.tasks;

import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Where the explorer's background work runs: view models and panels submit tasks here rather than starting threads. A
 * task reports progress and sees cancellation through its {@link Progress}; progress and results are delivered on the
 * delivery executor (the FX thread in the app, the caller's thread in tests), so view models need no JavaFX.
 * Cancelling is cooperative: the task stops at its next {@link Progress#check}, which long loops call every round
 * (interrupting could close the file channels the weights are mapped through). {@link #serial} gives a lane whose
 * tasks run one at a time in order, for state confined to one logical thread.
 */
public final class BackgroundTasks implements AutoCloseable {

    /** What a running task sees of itself. */
    public interface Progress {
        boolean cancelled();

        /** Ends the task with a {@link CancellationException} once it is cancelled. */
        default void check() {
            if (cancelled()) throw new CancellationException("cancelled");
        }

        /**
         * How far the task is (0..1) and what it does. Reports coming faster than the delivery executor runs them are
         * merged: only the newest is delivered.
         */
        void report(double fraction, String message);
    }

    @FunctionalInterface
    public interface Task<T> {
        T run(Progress progress);
    }

    public record Update(double fraction, String message) {
    }

    /** A submitted task: cancel it, or wait for its result (completed on the delivery executor). */
    public static final class Job<T> {
        private final CompletableFuture<T> result = new CompletableFuture<>();
        private volatile boolean cancelled;

        public void cancel() {
            cancelled = true;
        }

        /**
         * Completes after the task ends and its done callback ran: with the task's value (also when it was cancelled
         * after computing it), or its exception ({@link CancellationException} when it stopped at a check).
         */
        public CompletableFuture<T> result() {
            return result;
        }
    }

    private final Executor workers;
    private final Executor delivery;
    private final ExecutorService pool;
    private final Set<Job<?>> running;
    // false for a view made by deliveringOn, which shares the owner's workers and tasks
    private final boolean owner;

    /**
     * @param workers  runs the tasks (tests pass {@code Runnable::run}, or a queue to step through)
     * @param delivery runs progress and results
     */
    public BackgroundTasks(Executor workers, Executor delivery) {
        this(workers, delivery, null, ConcurrentHashMap.newKeySet(), true);
    }

    private BackgroundTasks(Executor workers, Executor delivery, ExecutorService pool, Set<Job<?>> running, boolean owner) {
        this.workers = workers;
        this.delivery = delivery;
        this.pool = pool;
        this.running = running;
        this.owner = owner;
    }

    /** Tasks on daemon threads made as needed (idle ones end); {@link #close} lets them go. */
    public static BackgroundTasks threads(Executor delivery) {
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "gsa-background-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        return new BackgroundTasks(pool, delivery, pool, ConcurrentHashMap.newKeySet(), true);
    }

    /** The same workers and tasks, delivering on {@code other}; closing it closes nothing. */
    public BackgroundTasks deliveringOn(Executor other) {
        return new BackgroundTasks(workers, other, pool, running, false);
    }

    public Executor delivery() {
        return delivery;
    }

    public <T> Job<T> submit(Task<T> task) {
        return submit(task, u -> { }, (v, e) -> { });
    }

    /**
     * Runs {@code task} on a worker; {@code onProgress} and then {@code onDone} (value or exception) run on the
     * delivery executor. A task cancelled before it starts does not run.
     */
    public <T> Job<T> submit(Task<T> task, Consumer<Update> onProgress, BiConsumer<? super T, Throwable> onDone) {
        Job<T> job = new Job<>();
        AtomicReference<Update> pending = new AtomicReference<>();
        Progress progress = new Progress() {
            @Override
            public boolean cancelled() {
                return job.cancelled;
            }

            @Override
            public void report(double fraction, String message) {
                if (pending.getAndSet(new Update(fraction, message)) == null)
                    deliver(() -> {
                        Update u = pending.getAndSet(null);
                        if (u != null) onProgress.accept(u);
                    });
            }
        };
        running.add(job);
        Runnable body = () -> {
            T value = null;
            Throwable error = null;
            try {
                progress.check();
                value = task.run(progress);
            } catch (RuntimeException | Error e) {
                error = e;
            } finally {
                running.remove(job);
            }
            T v = value;
            Throwable err = error;
            deliver(() -> {
                try {
                    onDone.accept(v, err);
                } finally {
                    if (err == null) job.result.complete(v);
                    else job.result.completeExceptionally(err);
                }
            });
        };
        try {
            workers.execute(body);
        } catch (RejectedExecutionException closed) {
            job.cancel();
            body.run();
        }
        return job;
    }

    private void deliver(Runnable r) {
        try {
            delivery.execute(r);
        } catch (RejectedExecutionException | IllegalStateException gone) {
            // the receiver has shut down (the window closed, the toolkit exited): nobody is left to tell
        }
    }

    /**
     * A lane on these workers: its tasks run one at a time, in the order given, each seeing what the previous ones
     * wrote. It holds a worker only while it has tasks; after {@link #close} they run on the thread that gives them.
     */
    public Executor serial() {
        return new Lane();
    }

    private final class Lane implements Executor {
        private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();

        @Override
        public void execute(Runnable r) {
            queue.add(r);
            schedule();
        }

        private void schedule() {
            if (!scheduled.compareAndSet(false, true)) return;
            try {
                workers.execute(this::drain);
            } catch (RejectedExecutionException closed) {
                drain();
            }
        }

        private void drain() {
            try {
                for (Runnable r; (r = queue.poll()) != null; ) {
                    try {
                        r.run();
                    } catch (RuntimeException e) {
                        Thread t = Thread.currentThread();
                        t.getUncaughtExceptionHandler().uncaughtException(t, e);
                    }
                }
            } finally {
                scheduled.set(false);
                if (!queue.isEmpty()) schedule();
            }
        }
    }

    /** Cancels every task still running and lets the worker threads end once their tasks stop (owner only). */
    @Override
    public void close() {
        if (!owner) return;
        running.forEach(Job::cancel);
        if (pool != null) pool.shutdown();
    }
}
