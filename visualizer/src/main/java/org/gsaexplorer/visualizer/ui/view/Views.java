package org.gsaexplorer.visualizer.ui.view;

import org.gsaexplorer.visualizer.session.ScoringRule;
import org.gsaexplorer.visualizer.views.ViewKind;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The explorer's views, one of each {@link ViewKind}: the one place a view is registered. A view is built the first
 * time it is asked for, so the window starts with only the one on screen (measured: styling and laying out every
 * view's nodes was a third of the start-up's work on the FX thread).
 */
public final class Views {
    private final Map<ViewKind, ExplorerView> byKind = new EnumMap<>(ViewKind.class);
    private final BiConsumer<Integer, Integer> zoom;
    private final Runnable compareOn;
    private final Consumer<ExplorerView> built;
    private final Consumer<ScoringRule> scoring;

    /**
     * @param zoom      told the layer and kv head of a clicked overview tile
     * @param compareOn turns compare mode on (the compare view's button while it is off)
     * @param built     told each view once it has been built
     * @param scoring   told the scored-positions rule chosen above the charts
     */
    public Views(BiConsumer<Integer, Integer> zoom, Runnable compareOn, Consumer<ExplorerView> built, Consumer<ScoringRule> scoring) {
        this.zoom = zoom;
        this.compareOn = compareOn;
        this.built = built;
        this.scoring = scoring;
    }

    /** The view of kind {@code k}, built now if it was not yet (FX thread). */
    public ExplorerView get(ViewKind k) {
        ExplorerView v = byKind.get(k);
        if (v == null) {
            v = create(k);
            byKind.put(k, v);
            built.accept(v);
        }
        return v;
    }

    private ExplorerView create(ViewKind k) {
        return switch (k) {
            case OVERVIEW -> new OverviewView(zoom);
            case OCCUPANCY -> new OccupancyView();
            case GATES -> new GatesView();
            case READOUT -> new ReadoutView();
            case PROVENANCE -> new ProvenanceView();
            case ATTENTION -> new AttentionView();
            case STATE -> new StateView();
            case CHARTS -> new ChartsView(scoring);
            case COMPARE -> new CompareView(compareOn, scoring);
        };
    }
}
