package org.gsaexplorer.visualizer.tasks;

import java.util.concurrent.CancellationException;

/**
 * One run of a panel's background work that the panel can cancel on its own: cancelling sets a flag that the run's
 * checks read, which also stops a task running inline (as in tests), where the job's own cancel cannot reach it.
 */
public final class CancelTicket {
    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    /** A check for the run: throws CancellationException once this ticket or the task itself is cancelled. */
    public Runnable check(BackgroundTasks.Progress p) {
        return () -> {
            if (cancelled) throw new CancellationException("cancelled");
            p.check();
        };
    }
}
