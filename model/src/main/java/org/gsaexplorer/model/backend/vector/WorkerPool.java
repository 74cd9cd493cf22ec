package org.gsaexplorer.model.backend.vector;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Splits a range of work items over the cores: the caller takes one part and parked daemon threads the others. Idle
 * workers are parked, never spinning, so an explorer stepping now and then leaves the cores to everything else. One
 * job at a time: a caller that finds the pool busy (another session's thread) runs its whole range itself.
 */
public final class WorkerPool {
    /** Work on items [from, to). */
    public interface Task {
        void run(int from, int to);
    }

    private static final WorkerPool SHARED = new WorkerPool(Runtime.getRuntime().availableProcessors());

    private final Thread[] workers;
    private final ReentrantLock busy = new ReentrantLock();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile int generation;
    private Task task;
    private int total, grain;
    private Thread caller;
    private volatile Throwable failure;

    public WorkerPool(int threads) {
        workers = new Thread[Math.max(0, threads - 1)];
        for (int i = 0; i < workers.length; i++) {
            int part = i + 1;
            workers[i] = Thread.ofPlatform().daemon().name("gsa-vector-" + part).start(() -> work(part));
        }
    }

    /** The pool with one thread per core, shared by every vector-backend model. */
    public static WorkerPool shared() {
        return SHARED;
    }

    public int threads() {
        return workers.length + 1;
    }

    /** Runs {@code t} over [0, n) in parts that are multiples of {@code grain} items (the last may be shorter). */
    public void run(int n, int grain, Task t) {
        if (workers.length == 0 || n <= grain || !busy.tryLock()) {
            t.run(0, n);
            return;
        }
        try {
            this.task = t;
            this.total = n;
            this.grain = grain;
            this.caller = Thread.currentThread();
            this.failure = null;
            pending.set(workers.length);
            generation++; // publishes the fields above to the workers
            for (Thread w : workers) LockSupport.unpark(w);
            runPart(0);
            while (pending.get() > 0) LockSupport.park(this);
            task = null;
            Throwable f = failure;
            if (f instanceof RuntimeException re) throw re;
            if (f instanceof Error e) throw e;
        } finally {
            busy.unlock();
        }
    }

    private void runPart(int part) {
        int units = (total + grain - 1) / grain, parts = workers.length + 1;
        int from = (int) ((long) units * part / parts) * grain;
        int to = Math.min(total, (int) ((long) units * (part + 1) / parts) * grain);
        if (from < to) task.run(from, to);
    }

    private void work(int part) {
        int seen = 0;
        while (true) {
            while (generation == seen) LockSupport.park(this);
            seen = generation;
            try {
                runPart(part);
            } catch (Throwable e) {
                failure = e;
            } finally {
                if (pending.decrementAndGet() == 0) LockSupport.unpark(caller);
            }
        }
    }
}
