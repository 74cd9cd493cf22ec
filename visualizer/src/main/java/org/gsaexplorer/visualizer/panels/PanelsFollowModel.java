package org.gsaexplorer.visualizer.panels;

import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.visualizer.recall.RecallViewModel;
import org.gsaexplorer.visualizer.session.ExplorerViewModel;
import org.gsaexplorer.visualizer.tour.TourViewModel;

/**
 * Keeps the recall and tour panels on the explorer's model, free of JavaFX. When the model changes (another
 * checkpoint, a backend switch), what they computed on the old one no longer applies and is dropped; the tour, which
 * measures recall in the background, starts on a model only once its panel is shown.
 */
public final class PanelsFollowModel {
    private final ExplorerViewModel explorer;
    private final RecallViewModel recall;
    private final TourViewModel tour;
    // guarded by this: the model the panels last saw, the one the tour last started on, and whether the tour is shown
    private LoadedModel seen, toured;
    private boolean tourShown;

    public PanelsFollowModel(ExplorerViewModel explorer, RecallViewModel recall, TourViewModel tour) {
        this.explorer = explorer;
        this.recall = recall;
        this.tour = tour;
        explorer.addListener(s -> follow());
        follow();
    }

    /** The tour's panel came on screen or left it. */
    public synchronized void tourShown(boolean shown) {
        tourShown = shown;
        startTourIfShown();
    }

    private synchronized void follow() {
        LoadedModel m = explorer.loadedModel();
        if (m == seen) return;
        seen = m;
        recall.modelChanged();
        tour.modelChanged();
        startTourIfShown();
    }

    private void startTourIfShown() {
        LoadedModel m = explorer.loadedModel();
        if (tourShown && m != null && m != toured) {
            toured = m;
            tour.start();
        }
    }
}
