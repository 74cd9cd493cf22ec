package org.gsaexplorer.visualizer.session;

/** A model load in progress: what it is doing and how far along (0..1). */
public record LoadProgress(Object target, String phase, double fraction) {
}
