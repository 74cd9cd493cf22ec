package org.gsaexplorer.app.fx;

import javafx.scene.Node;
import org.gsaexplorer.visualizer.ui.ExplorerWindow;

/**
 * Places the self-contained panels written alongside the explorer (recall, tour, throughput) as tabs, when their
 * classes are on the class path and have a no-argument constructor.
 */
final class PanelSlots {
    private static final String[][] PANELS = {
            {"Recall", "org.gsaexplorer.visualizer.recall.RecallPanel"},
            {"Tour", "org.gsaexplorer.visualizer.tour.TourPanel"},
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
