package org.gsaexplorer.app.fx;

import javafx.scene.Node;
import org.gsaexplorer.visualizer.ui.ExplorerWindow;

/**
 * Places self-contained panels written alongside the explorer (throughput) as tabs, when their classes are on the class
 * path and have a no-argument constructor. The recall and tour panels drive the views, so the window builds them itself.
 */
final class PanelSlots {
    private static final String[][] PANELS = {
            {"Throughput", "org.gsaexplorer.visualizer.throughput.ThroughputPanel"}};

    private PanelSlots() {
    }

    static void addAvailable(ExplorerWindow win) {
        for (String[] p : PANELS) {
            try {
                Object panel = Class.forName(p[1]).getDeclaredConstructor().newInstance();
                if (panel instanceof Node n) win.addTab(p[0], n);
            } catch (ReflectiveOperationException | LinkageError e) {
                // the panel is not built yet or needs arguments: the explorer works without it
            }
        }
    }
}
