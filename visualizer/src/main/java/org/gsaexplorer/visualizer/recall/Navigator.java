package org.gsaexplorer.visualizer.recall;

/**
 * Implemented by the main window: bring its views to a target (load the prompt, move the cursor, select layer, head
 * and slot, show the view, apply the ablations). Called on the JavaFX thread by the panels.
 */
@FunctionalInterface
public interface Navigator {
    void navigate(ViewTarget target);
}
