package org.gsaexplorer.visualizer.report;

import org.gsaexplorer.model.report.SlotStatistics;
import org.gsaexplorer.model.report.SlotSummary;
import org.gsaexplorer.visualizer.render.ColorMap;
import org.gsaexplorer.visualizer.render.Heatmap;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A layer of the report as heatmaps of kv heads × slots, as the HTML report draws them: mean write weight s, mean
 * forget gate α (on [0, 1]) and mean readout weight (averaged over the query heads reading the slot).
 */
public final class ReportHeatmaps {
    private ReportHeatmaps() {
    }

    public static List<Heatmap> of(SlotStatistics st, int layer) {
        return List.of(
                heatmap(st, layer, "Layer " + layer + ": mean write s", "mean write s", ColorMap.VIRIDIS, SlotSummary::meanWrite, false),
                heatmap(st, layer, "Layer " + layer + ": mean forget gate α", "mean α", ColorMap.VIRIDIS, SlotSummary::meanAlpha, true),
                heatmap(st, layer, "Layer " + layer + ": mean readout weight", "mean readout", ColorMap.MAGMA, SlotSummary::meanReadout, false));
    }

    private static Heatmap heatmap(SlotStatistics st, int layer, String title, String valueName, ColorMap colors,
                                   ToDoubleFunction<SlotSummary> value, boolean unit) {
        int rows = st.kvHeads(), cols = st.slots();
        float[] v = new float[rows * cols];
        for (int h = 0; h < rows; h++)
            for (int m = 0; m < cols; m++) v[h * cols + m] = (float) value.applyAsDouble(st.slot(layer, h, m));
        double[] range = unit ? new double[]{0, 1} : Heatmap.range(v, true);
        return new Heatmap(title, "kv head", "slot", valueName, rows, cols, v, range[0], range[1], colors,
                h -> "head " + h, m -> String.valueOf(m), -1);
    }
}
