package org.gsaexplorer.visualizer.tour;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A guided tour as its panel drives it, free of JavaFX: pages that move the main window's views, measured live. */
public interface Tour {
    TourState state();

    /** Listeners are told on the tasks' delivery executor. */
    void addListener(Consumer<TourState> l);

    /** Measures on the loaded model in the background (a run in progress is dropped). */
    CompletableFuture<Void> start();

    /** Stops the measurements; what was measured stays. */
    void cancel();

    /** The main window saw a new model: what was measured on the old one is dropped. */
    void modelChanged();

    /** Shows step {@code i} (ignored outside the tour) and sends the views to its target. */
    void go(int i);

    default void next() {
        go(state().index() + 1);
    }

    default void back() {
        go(state().index() - 1);
    }
}
