package org.gsaexplorer.visualizer.tour;

import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.visualizer.recall.Navigator;
import org.gsaexplorer.visualizer.session.Errors;
import org.gsaexplorer.visualizer.tasks.BackgroundTasks;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What every tour measured live does with its runs. A run belongs to the model loaded when it started: a newer start,
 * another model ({@link #modelChanged}, or a different model behind the supplier) or a cancel stops it, and once it is
 * replaced nothing it computed is shown. A tour says what a run checks before it starts ({@link #check}), what it
 * computes in the background ({@link #measure}) and which steps it shows ({@link #build}).
 *
 * @param <R> the tour's run, holding what it has found so far
 */
public abstract class LiveTour<R extends LiveTour.Run> implements Tour {
    /** One start of a tour on one model. */
    public static class Run {
        private final LoadedModel model;
        private volatile String error;
        private volatile boolean cancelled;

        protected Run(LoadedModel model) {
            this.model = model;
        }

        /** The model it runs on; null before any start. */
        public LoadedModel model() {
            return model;
        }

        /** Why it failed, or null. */
        public String error() {
            return error;
        }

        /** Whether it was stopped before it finished. */
        public boolean stopped() {
            return cancelled;
        }

        public void stop() {
            cancelled = true;
        }

        void fail(String why) {
            error = why;
        }
    }

    private final Supplier<LoadedModel> model;
    private final BackgroundTasks tasks;
    private final TourPages pages;
    private volatile R run;

    /** A subclass publishes its first state once its own fields are set ({@link #publish()}). */
    protected LiveTour(Supplier<LoadedModel> model, Navigator navigator, BackgroundTasks tasks) {
        this.model = model;
        this.tasks = tasks;
        this.pages = new TourPages(navigator, tasks.delivery());
    }

    /** A run on {@code m} (null: no model yet) that has found nothing. */
    protected abstract R newRun(LoadedModel m);

    /** Refuses a run before it starts, with one line for the user. */
    protected abstract void check(R r);

    /** Computes what {@code r} shows, publishing as results arrive; returns early once {@code stop} says so. */
    protected abstract void measure(R r, BooleanSupplier stop);

    /** The steps and status {@code r} gives, turned to {@code page} (clamped to the steps). */
    protected abstract TourState build(R r, int page);

    /** The current run. */
    protected R run() {
        if (run == null) run = newRun(null);
        return run;
    }

    @Override
    public TourState state() {
        return pages.state();
    }

    @Override
    public void addListener(Consumer<TourState> l) {
        pages.addListener(l);
    }

    protected synchronized void publish() {
        pages.publish(build(run(), pages.index()));
    }

    /** Publishes what run {@code r} found, unless another run (another model) has replaced it. */
    protected synchronized void publish(R r) {
        if (!stale(r)) publish();
    }

    protected boolean stale(R r) {
        return r != run || model.get() != r.model();
    }

    /**
     * Checks, then measures in the background (a run in progress is dropped). A refused run ends at once with its one
     * line as the status. The future fails only when the run does, not when it is stopped.
     */
    @Override
    public CompletableFuture<Void> start() {
        R r;
        synchronized (this) {
            run().stop();
            r = newRun(model.get());
            run = r;
            try {
                check(r);
            } catch (GsaException refused) {
                r.fail(refused.getMessage());
                publish();
                return CompletableFuture.failedFuture(refused);
            }
            publish();
        }
        return tasks.<Void>submit(p -> {
            measure(r, () -> p.cancelled() || r.stopped() || stale(r));
            return null;
        }, u -> { }, (v, err) -> {
            if (err != null && !(err instanceof CancellationException)) {
                r.fail(Errors.message(err));
                publish(r);
            }
        }).result();
    }

    /** Stops the run within its current unit of work; what was measured stays. A second cancel changes nothing. */
    @Override
    public void cancel() {
        R r = run();
        if (r.stopped()) return;
        r.stop();
        publish();
    }

    /** Unless the tour ran on the new model, the run stops and the steps wait for a {@link #start} on it. */
    @Override
    public synchronized void modelChanged() {
        if (run().model() == model.get()) return;
        run.stop();
        run = newRun(null);
        publish();
    }

    @Override
    public void go(int i) {
        if (!pages.turnTo(i)) return;
        publish();
        show();
    }

    /** Sends the views to the current step's target, once it has one. */
    public void show() {
        pages.show();
    }
}
