package org.gsaexplorer.model.backend.vector;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Splits a range of work items over the cores: the range is cut into a few chunks per thread, which the caller and
 * parked daemon threads claim one at a time. On a machine shared with other programs a worker may wake late or lose
 * its core for a while; the others then claim its chunks instead of waiting for it (the caller waits for the chunks
 * to be done, never for a worker to turn up). Idle workers are parked, never spinning, so an explorer stepping now and
 * then leaves the cores to everything else. One job at a time: a caller that finds the pool busy (another session's
 * thread, or a task of its own asking for the pool again) runs its whole range itself.
 */
public final class WorkerPool {
    /** Work on items [from, to). */
    public interface Task {
        void run(int from, int to);
    }

    /** Chunks per thread: enough for the others to take over a late thread's share, few enough to claim cheaply. */
    static final int CHUNKS_PER_THREAD = 4;
    private static final WorkerPool SHARED = new WorkerPool(Runtime.getRuntime().availableProcessors());

    private final Thread[] workers;
    private final ReentrantLock busy = new ReentrantLock();
    /** The job's generation (high 32 bits) and its next unclaimed chunk (low 32 bits); a worker joins a job by a CAS here. */
    private final AtomicLong claim = new AtomicLong();
    private final AtomicInteger completed = new AtomicInteger();
    // set by the caller before it publishes a generation through claim; stable until every chunk of it is completed
    private Task task;
    private int total, chunkItems, chunks;
    private Thread caller;
    private volatile Throwable failure;

    public WorkerPool(int threads) {
        workers = new Thread[Math.max(0, threads - 1)];
        for (int i = 0; i < workers.length; i++)
            workers[i] = Thread.ofPlatform().daemon().name("gsa-vector-" + (i + 1)).start(this::work);
    }

    /** The pool with one thread per core, shared by every vector-backend model. */
    public static WorkerPool shared() {
        return SHARED;
    }

    public int threads() {
        return workers.length + 1;
    }

    /** Runs {@code t} over [0, n) in chunks that are multiples of {@code grain} items (the last may be shorter). */
    public void run(int n, int grain, Task t) {
        if (workers.length == 0 || n <= grain || busy.isHeldByCurrentThread() || !busy.tryLock()) {
            t.run(0, n);
            return;
        }
        try {
            int units = (n + grain - 1) / grain, target = threads() * CHUNKS_PER_THREAD;
            this.task = t;
            this.total = n;
            this.chunkItems = (units + target - 1) / target * grain;
            this.chunks = (n + chunkItems - 1) / chunkItems;
            this.caller = Thread.currentThread();
            this.failure = null;
            completed.set(0);
            long generation = (claim.get() >>> 32) + 1;
            claim.set(generation << 32); // publishes the fields above
            for (Thread w : workers) LockSupport.unpark(w);
            claimChunks(generation);
            while (completed.get() < chunks) LockSupport.park(this);
            task = null;
            Throwable f = failure;
            if (f instanceof RuntimeException re) throw re;
            if (f instanceof Error e) throw e;
        } finally {
            busy.unlock();
        }
    }

    /** Runs chunks of job {@code generation} until none is left or another job has started. */
    private void claimChunks(long generation) {
        while (true) {
            long s = claim.get();
            if (s >>> 32 != generation) return;
            if (!claim.compareAndSet(s, s + 1)) continue;
            // the claim succeeded, so the fields are this job's and stay so until this chunk is counted
            int c = (int) s;
            if (c >= chunks) return;
            try {
                task.run(c * chunkItems, Math.min(total, (c + 1) * chunkItems));
            } catch (Throwable e) {
                failure = e;
            } finally {
                if (completed.incrementAndGet() == chunks) LockSupport.unpark(caller);
            }
        }
    }

    private void work() {
        long seen = 0;
        while (true) {
            long generation = claim.get() >>> 32;
            if (generation == seen) {
                LockSupport.park(this);
                continue;
            }
            seen = generation;
            claimChunks(generation);
        }
    }
}
