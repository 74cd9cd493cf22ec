package org.gsaexplorer.visualizer.ui;

import org.gsaexplorer.visualizer.render.Heatmap;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.ui.view.ExplorerView;
import org.gsaexplorer.visualizer.ui.widget.HeatmapCanvas;
import org.gsaexplorer.visualizer.ui.widget.TokenStrip;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * What the pointer does on the pictures. A click on a heatmap cell moves the token cursor to the cell's token and
 * selects its slot (which the provenance view follows); the token under the pointer in any view or in the token strip
 * is outlined in all of them. Axes are told apart by the names {@link org.gsaexplorer.visualizer.views.ViewData} gives
 * them; every token axis counts from the first token of the snapshot's window. FX thread only.
 */
final class TokenLinks {
    /** Token axes whose token a click moves the cursor to ("source token" and "key token" look back from the cursor). */
    static final Set<String> CURSOR_AXES = Set.of("token", "query token");
    static final String SLOT_AXIS = "slot";

    private final IntConsumer jump, selectSlot;
    private final TokenStrip strip;
    private final List<HeatmapCanvas> heatmaps = new ArrayList<>();
    private final List<ExplorerView> views = new ArrayList<>();
    private int windowStart, hovered = -1;

    /**
     * @param jump       told the tokens consumed for a clicked token (token t: t + 1)
     * @param selectSlot told the slot of a clicked cell
     */
    TokenLinks(IntConsumer jump, IntConsumer selectSlot, TokenStrip strip) {
        this.jump = jump;
        this.selectSlot = selectSlot;
        this.strip = strip;
        strip.setOnTokenHovered(this::hover);
    }

    /** Links a view once it is built: its heatmaps' cells, and its own token hover (the overview's). */
    void attach(ExplorerView v) {
        views.add(v);
        v.onTokenHovered(this::hover);
        for (HeatmapCanvas h : v.heatmaps()) {
            heatmaps.add(h);
            h.setOnCellClicked((r, c) -> click(h.heatmap(), r, c));
            h.setOnCellHovered((r, c) -> hover(r < 0 ? -1 : tokenOf(h.heatmap(), r, c, true)));
        }
    }

    /** A snapshot was drawn: its window places the tokens on the axes, and the hovered token stays outlined. */
    void drawn(ExplorerSnapshot s) {
        windowStart = s.windowStart();
        outline();
    }

    /** The token outlined everywhere, or −1. */
    int hovered() {
        return hovered;
    }

    void click(Heatmap h, int r, int c) {
        if (h == null) return;
        if (SLOT_AXIS.equals(h.rowAxis())) selectSlot.accept(r);
        else if (SLOT_AXIS.equals(h.colAxis())) selectSlot.accept(c);
        int t = tokenOf(h, r, c, false);
        if (t >= 0) jump.accept(t + 1);
    }

    void hover(int t) {
        if (t == hovered) return;
        hovered = t;
        outline();
    }

    private void outline() {
        for (HeatmapCanvas h : heatmaps) {
            Heatmap m = h.heatmap();
            if (m == null) continue;
            h.highlight(isToken(m.rowAxis()) ? index(hovered, m.rows()) : -1, isToken(m.colAxis()) ? index(hovered, m.cols()) : -1);
        }
        for (ExplorerView v : views) v.highlightToken(hovered);
        strip.highlightToken(hovered);
    }

    private int index(int t, int size) {
        int i = t - windowStart;
        return t < 0 || i < 0 || i >= size ? -1 : i;
    }

    /** The token of cell (r, c): of its column when that is a token axis, else of its row; −1 when neither is. */
    private int tokenOf(Heatmap h, int r, int c, boolean anyTokenAxis) {
        if (h == null) return -1;
        if (anyTokenAxis ? isToken(h.colAxis()) : CURSOR_AXES.contains(h.colAxis())) return windowStart + c;
        if (anyTokenAxis ? isToken(h.rowAxis()) : CURSOR_AXES.contains(h.rowAxis())) return windowStart + r;
        return -1;
    }

    private static boolean isToken(String axis) {
        return axis.endsWith("token");
    }
}
