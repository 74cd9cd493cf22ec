package org.gsaexplorer.visualizer.tour;

import java.util.List;

/**
 * What a tour panel shows, as one immutable value.
 *
 * @param steps     the pages, with numbers filled in so far
 * @param index     the page shown
 * @param status    progress of the live measurements, or an error (one line)
 * @param ready     the measurements that place the views are done, so steps have targets
 * @param measuring measurements are running (and may be cancelled)
 */
public record TourState(List<TourStep> steps, int index, String status, boolean ready, boolean measuring) {
    public TourStep current() {
        return steps.get(index);
    }
}
