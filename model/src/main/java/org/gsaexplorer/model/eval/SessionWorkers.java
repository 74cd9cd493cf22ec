package org.gsaexplorer.model.eval;

import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs independent items (sequences, corpus windows) on a few worker threads, each with its own session of one model,
 * taking items in order from a shared counter. Results are written by index, so they do not depend on the number of
 * workers. Stops early when the calling thread is interrupted; the first failure is rethrown on the caller.
 */
public final class SessionWorkers {
    /** One item's work on a session that the worker has reset. */
    @FunctionalInterface
    public interface Item {
        void run(GsaSession session, int index);
    }

    private SessionWorkers() {
    }

    /**
     * @param what     names the job in the one-line messages ("recall evaluation", "evaluation")
     * @param progress told the number of items finished so far, from worker threads
     */
    public static void run(String what, LoadedModel model, int items, int workers, Item item, IntConsumer progress) {
        AtomicInteger next = new AtomicInteger(), done = new AtomicInteger();
        int n = Math.max(1, Math.min(workers, items));
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, what.replace(' ', '-'));
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < n; w++)
                futures.add(pool.submit(() -> {
                    try (GsaSession s = model.newSession()) {
                        for (int i; (i = next.getAndIncrement()) < items && !Thread.currentThread().isInterrupted(); ) {
                            s.reset();
                            item.run(s, i);
                            progress.accept(done.incrementAndGet());
                        }
                    }
                }));
            for (Future<?> f : futures) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GsaException(what + " interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new GsaException(what + " failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
