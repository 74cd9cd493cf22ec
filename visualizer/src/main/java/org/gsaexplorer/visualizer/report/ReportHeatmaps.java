package org.gsaexplorer.visualizer.report;

import org.gsaexplorer.model.report.SlotStatistics;
import org.gsaexplorer.model.report.SlotSummary;
import org.gsaexplorer.visualizer.render.ColorMap;
import org.gsaexplorer.visualizer.render.ColorScale;
import org.gsaexplorer.visualizer.render.Heatmap;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A layer of the report as heatmaps of kv heads × slots, as the HTML report draws them: mean write weight s, mean
 * forget gate α (on [0, 1]) and mean readout weight (averaged over the query heads reading the slot).
 */
public final class ReportHeatmaps {
    private ReportHeatmaps() {
    }

    /** What a heatmap shows, in the order {@link #of} draws them. */
    public enum Quantity {
        WRITE("mean write s", "mean write s", ColorMap.VIRIDIS, SlotSummary::meanWrite, false),
        ALPHA("mean forget gate α", "mean α", ColorMap.VIRIDIS, SlotSummary::meanAlpha, true),
        READOUT("mean readout weight", "mean readout", ColorMap.MAGMA, SlotSummary::meanReadout, false);

        final String title, valueName;
        final ColorMap colors;
        final ToDoubleFunction<SlotSummary> value;
        final boolean unit;

        Quantity(String title, String valueName, ColorMap colors, ToDoubleFunction<SlotSummary> value, boolean unit) {
            this.title = title;
            this.valueName = valueName;
            this.colors = colors;
            this.value = value;
            this.unit = unit;
        }
    }

    /** The heatmaps with kv head {@code markHead}'s row and slot {@code markSlot}'s column outlined (−1: none). */
    public static List<Heatmap> of(SlotStatistics st, int layer, int markHead, int markSlot) {
        return Arrays.stream(Quantity.values()).map(q -> heatmap(st, layer, q, markHead, markSlot)).toList();
    }

    private static Heatmap heatmap(SlotStatistics st, int layer, Quantity q, int markHead, int markSlot) {
        int rows = st.kvHeads(), cols = st.slots();
        float[] v = new float[rows * cols];
        for (int h = 0; h < rows; h++)
            for (int m = 0; m < cols; m++) v[h * cols + m] = (float) q.value.applyAsDouble(st.slot(layer, h, m));
        double[] range = q.unit ? new double[]{0, 1} : Heatmap.range(v, true);
        return new Heatmap("Layer " + layer + ": " + q.title, "kv head", "slot", q.valueName, rows, cols, v, range[0], range[1], q.colors,
                String::valueOf, String::valueOf, markSlot, markHead, ColorScale.LINEAR, null);
    }
}
