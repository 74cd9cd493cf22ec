package org.gsaexplorer.visualizer.tour;

import org.gsaexplorer.visualizer.recall.ViewTarget;

/** One page of the tour: a title, a few sentences (with the live numbers filled in), and where the views should go. */
public record TourStep(String title, String text, ViewTarget target) {
}
