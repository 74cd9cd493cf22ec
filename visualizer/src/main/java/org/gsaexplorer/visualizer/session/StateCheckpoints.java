package org.gsaexplorer.visualizer.session;

import org.gsaexplorer.model.RecurrentState;

import java.util.Map;
import java.util.TreeMap;

/**
 * Saved recurrent states at every {@code spacing}-th position, so any earlier position is reached by restoring the
 * nearest one below and re-running at most {@code spacing} tokens. The count is bounded: when it would pass the limit
 * the spacing doubles and every other state goes, so memory stays flat however long the sequence grows.
 */
final class StateCheckpoints {
    private final int maxCount;
    private final TreeMap<Integer, RecurrentState> states = new TreeMap<>();
    private int spacing;

    StateCheckpoints(int initialSpacing, int maxCount) {
        this.spacing = initialSpacing;
        this.maxCount = Math.max(2, maxCount);
    }

    int spacing() {
        return spacing;
    }

    int count() {
        return states.size();
    }

    /** Whether a state at {@code position} should be kept. */
    boolean wants(int position) {
        return position > 0 && position % spacing == 0 && !states.containsKey(position);
    }

    void save(RecurrentState s) {
        states.put(s.position(), s);
        while (states.size() > maxCount) {
            spacing *= 2;
            states.keySet().removeIf(p -> p % spacing != 0);
        }
    }

    /** The saved state at or below {@code position}, or null for "start from the zero state". */
    RecurrentState floor(int position) {
        Map.Entry<Integer, RecurrentState> e = states.floorEntry(position);
        return e == null ? null : e.getValue();
    }

    void truncate(int n) {
        states.tailMap(n, false).clear();
    }

    void clear() {
        states.clear();
    }

    long bytes() {
        return states.values().stream().mapToLong(RecurrentState::bytes).sum();
    }
}
