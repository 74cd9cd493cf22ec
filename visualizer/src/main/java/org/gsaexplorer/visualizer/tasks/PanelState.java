package org.gsaexplorer.visualizer.tasks;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What a panel's view model keeps of its one background job: the newest immutable state {@code S}, the listeners told
 * each new state (on whatever thread publishes it: the tasks' delivery executor), and the ticket of the run in
 * progress, which a new run or Cancel stops.
 */
public final class PanelState<S> {
    private final List<Consumer<S>> listeners = new CopyOnWriteArrayList<>();
    private volatile S state;
    private volatile CancelTicket current = new CancelTicket();

    public PanelState(S initial) {
        state = initial;
    }

    public S get() {
        return state;
    }

    public void addListener(Consumer<S> l) {
        listeners.add(l);
    }

    /** Makes {@code s} the state and tells every listener. */
    public void publish(S s) {
        state = s;
        for (Consumer<S> l : listeners) l.accept(s);
    }

    /** Cancels the run in progress, if any, and hands out the ticket of the next one. */
    public CancelTicket newRun() {
        current.cancel();
        CancelTicket t = new CancelTicket();
        current = t;
        return t;
    }

    /** Stops the run in progress at its next check. */
    public void cancel() {
        current.cancel();
    }
}
