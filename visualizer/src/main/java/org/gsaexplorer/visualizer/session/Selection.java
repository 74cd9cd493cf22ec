package org.gsaexplorer.visualizer.session;

/**
 * What the views look at: a layer, a query head (its kv head follows with GQA), a slot for provenance, and how many
 * tokens up to the cursor the time axes show.
 */
public record Selection(int layer, int head, int slot, int window) {
    public static final Selection DEFAULT = new Selection(0, 0, 0, 96);

    public Selection {
        if (layer < 0 || head < 0 || slot < 0 || window < 2) throw new IllegalArgumentException("bad selection");
    }

    /** The same selection clamped to a model's shape. */
    public Selection clampTo(int layers, int heads, int slots) {
        return new Selection(Math.min(layer, layers - 1), Math.min(head, heads - 1), Math.min(slot, slots - 1), window);
    }
}
