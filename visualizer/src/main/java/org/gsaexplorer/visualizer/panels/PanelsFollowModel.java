package org.gsaexplorer.visualizer.panels;

import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.visualizer.recall.RecallViewModel;
import org.gsaexplorer.visualizer.session.ExplorerViewModel;
import org.gsaexplorer.visualizer.tour.Tour;

/**
 * Keeps the recall panel and the tours on the explorer's model, free of JavaFX. When the model changes (another
 * checkpoint, a backend switch), what they computed on the old one no longer applies and is dropped. The tour panel
 * holds the language tour for a byte-level model and the recall tour otherwise; a tour, which measures in the
 * background, starts on a model only once its panel is shown.
 */
public final class PanelsFollowModel {
    private final ExplorerViewModel explorer;
    private final RecallViewModel recall;
    private final Tour recallTour, languageTour;
    // guarded by this: the model the panels last saw, the one a tour last started on, and whether the tour is shown
    private LoadedModel seen, toured;
    private boolean tourShown;

    public PanelsFollowModel(ExplorerViewModel explorer, RecallViewModel recall, Tour recallTour, Tour languageTour) {
        this.explorer = explorer;
        this.recall = recall;
        this.recallTour = recallTour;
        this.languageTour = languageTour;
        explorer.addListener(s -> follow());
        follow();
    }

    /** The tour that applies to {@code m}: the language tour when it reads bytes. */
    public Tour tourFor(LoadedModel m) {
        return m != null && explorer.byteLevel(m) ? languageTour : recallTour;
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
        recallTour.modelChanged();
        languageTour.modelChanged();
        startTourIfShown();
    }

    private void startTourIfShown() {
        LoadedModel m = explorer.loadedModel();
        if (tourShown && m != null && m != toured) {
            toured = m;
            tourFor(m).start();
        }
    }
}
