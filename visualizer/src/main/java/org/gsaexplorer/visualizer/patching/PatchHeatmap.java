package org.gsaexplorer.visualizer.patching;

import org.gsaexplorer.model.patch.PatchResult;
import org.gsaexplorer.visualizer.render.ColorMap;
import org.gsaexplorer.visualizer.render.Heatmap;

/**
 * A sweep's effects as one heatmap on the diverging map, centred on 0 (effects are signed: a component can push the
 * answer further away): slot grain, rows layer × kv head and columns slots; head grain, rows layers and columns kv
 * heads; layer grain, one row of layers; state grain, one cell.
 */
public final class PatchHeatmap {
    private PatchHeatmap() {
    }

    /** A cell's component: its layer, kv head and slot (−1 where the grain has none). */
    public record Cell(int layer, int head, int slot) {
    }

    public static Heatmap of(PatchResult r, String answer, String foil) {
        int[] layers = r.layers();
        int rows, cols;
        switch (r.grain()) {
            case SLOT -> { rows = layers.length * r.heads(); cols = r.slots(); }
            case HEAD -> { rows = layers.length; cols = r.heads(); }
            case LAYER -> { rows = 1; cols = layers.length; }
            default -> { rows = 1; cols = 1; }
        }
        float[] v = new float[rows * cols];
        double a = 1e-9;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.effects()[i];
            if (Double.isFinite(v[i])) a = Math.max(a, Math.abs(v[i]));
        }
        String title = "Patching effect, " + r.grain().id() + " grain at token " + r.at() + ": logit(" + answer + ") − logit(" + foil + ")";
        return switch (r.grain()) {
            case SLOT -> new Heatmap(title, "layer / kv head", "slot", "effect", rows, cols, v, -a, a, ColorMap.DIVERGING,
                    i -> "L" + layers[i / r.heads()] + " H" + i % r.heads(), String::valueOf, -1);
            case HEAD -> new Heatmap(title, "layer", "kv head", "effect", rows, cols, v, -a, a, ColorMap.DIVERGING,
                    i -> "layer " + layers[i], String::valueOf, -1);
            case LAYER -> new Heatmap(title, "", "layer", "effect", rows, cols, v, -a, a, ColorMap.DIVERGING,
                    i -> "layers", i -> String.valueOf(layers[i]), -1);
            case STATE -> new Heatmap(title, "", "", "effect", 1, 1, v, -a, a, ColorMap.DIVERGING, i -> "state", i -> "state", -1);
        };
    }

    /** The component of cell (row, col) of {@link #of}'s heatmap. */
    public static Cell cell(PatchResult r, int row, int col) {
        int[] layers = r.layers();
        return switch (r.grain()) {
            case SLOT -> new Cell(layers[row / r.heads()], row % r.heads(), col);
            case HEAD -> new Cell(layers[row], col, -1);
            case LAYER -> new Cell(layers[col], -1, -1);
            case STATE -> new Cell(-1, -1, -1);
        };
    }
}
