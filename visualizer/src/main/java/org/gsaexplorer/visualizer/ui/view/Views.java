package org.gsaexplorer.visualizer.ui.view;

import org.gsaexplorer.visualizer.views.ViewKind;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;

/** The explorer's views, one of each {@link ViewKind}: the one place a view is registered. */
public final class Views {
    private final Map<ViewKind, ExplorerView> byKind = new EnumMap<>(ViewKind.class);

    /**
     * @param selectSlot told the slot of a clicked heatmap row (or readout column)
     * @param zoom       told the layer and kv head of a clicked overview tile
     */
    public Views(IntConsumer selectSlot, BiConsumer<Integer, Integer> zoom) {
        for (ViewKind k : ViewKind.values())
            byKind.put(k, switch (k) {
                case OVERVIEW -> new OverviewView(zoom);
                case OCCUPANCY -> new OccupancyView(selectSlot);
                case GATES -> new GatesView(selectSlot);
                case READOUT -> new ReadoutView(selectSlot);
                case PROVENANCE -> new ProvenanceView();
                case ATTENTION -> new AttentionView();
                case STATE -> new StateView();
                case CHARTS -> new ChartsView();
                case COMPARE -> new CompareView();
            });
    }

    public ExplorerView get(ViewKind k) {
        return byKind.get(k);
    }

    /** In tab order. */
    public Collection<ExplorerView> all() {
        return byKind.values();
    }
}
