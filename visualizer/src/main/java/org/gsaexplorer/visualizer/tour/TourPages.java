package org.gsaexplorer.visualizer.tour;

import org.gsaexplorer.visualizer.recall.Navigator;
import org.gsaexplorer.visualizer.recall.ViewTarget;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The paging every tour shares: the page shown, the last state published and its listeners, and sending the views to
 * a page's target. Each tour builds its own states; this only keeps and delivers them.
 */
public final class TourPages {
    private final Navigator navigator;
    private final Executor delivery;
    private final List<Consumer<TourState>> listeners = new CopyOnWriteArrayList<>();
    private volatile int index;
    private volatile TourState state;

    public TourPages(Navigator navigator, Executor delivery) {
        this.navigator = navigator;
        this.delivery = delivery;
    }

    /** The page asked for, which a built state clamps to its steps. */
    public int index() {
        return index;
    }

    public TourState state() {
        return state;
    }

    public void addListener(Consumer<TourState> l) {
        listeners.add(l);
    }

    /** Keeps {@code s} as the state and tells the listeners on the delivery executor. */
    public synchronized void publish(TourState s) {
        state = s;
        delivery.execute(() -> listeners.forEach(l -> l.accept(s)));
    }

    /** Turns to page {@code i}; false (nothing changes) outside the current steps. */
    public boolean turnTo(int i) {
        if (i < 0 || i >= state.steps().size()) return false;
        index = i;
        return true;
    }

    /** Sends the views to the current step's target, once it has one. */
    public void show() {
        ViewTarget t = state.current().target();
        if (t != null) navigator.navigate(t);
    }
}
