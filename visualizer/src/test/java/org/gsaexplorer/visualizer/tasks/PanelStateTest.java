package org.gsaexplorer.visualizer.tasks;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A panel's state: each published state is the current one and reaches every listener; a new run or Cancel stops the last. */
class PanelStateTest {
    /** A task that is never cancelled itself: only the ticket stops it. */
    private static final BackgroundTasks.Progress RUNNING = new BackgroundTasks.Progress() {
        @Override
        public boolean cancelled() {
            return false;
        }

        @Override
        public void report(double fraction, String message) {
        }
    };

    @Test
    void publishedStatesReachEveryListenerInOrder() {
        PanelState<String> p = new PanelState<>("empty");
        assertEquals("empty", p.get());
        List<String> a = new ArrayList<>(), b = new ArrayList<>();
        p.addListener(a::add);
        p.addListener(s -> b.add(s + " / " + p.get()));
        p.publish("one");
        p.publish("two");
        assertEquals(List.of("one", "two"), a);
        assertEquals(List.of("one / one", "two / two"), b, "a listener sees the state it is told as the current one");
    }

    @Test
    void aNewRunOrCancelStopsTheRunInProgressOnly() {
        PanelState<String> p = new PanelState<>("empty");
        Runnable first = p.newRun().check(RUNNING);
        assertDoesNotThrow(first::run);
        Runnable second = p.newRun().check(RUNNING);
        assertThrows(CancellationException.class, first::run, "a new run cancels the one before");
        assertDoesNotThrow(second::run);
        p.cancel();
        assertThrows(CancellationException.class, second::run);
        assertDoesNotThrow(p.newRun().check(RUNNING)::run, "the next run starts afresh");
    }
}
