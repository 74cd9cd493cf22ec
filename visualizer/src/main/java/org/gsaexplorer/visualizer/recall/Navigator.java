package org.gsaexplorer.visualizer.recall;

/**
 * Brings the main window's views to a target (load the prompt, move the cursor, select layer, head and slot, show the
 * view, apply the ablations); the panels' view models call it from any thread.
 */
@FunctionalInterface
public interface Navigator {
    void navigate(ViewTarget target);
}
