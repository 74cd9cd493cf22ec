package org.gsaexplorer.model.ops;

import org.gsaexplorer.model.config.FeatureMap;

/** Applies φ to rows of heads [T][H][dk] in place: pointwise, or for t2r relu(x·Tᵀ) with T shared by all heads. */
public final class FeatureMaps {
    private FeatureMaps() {
    }

    /**
     * @param model    the model's feature map
     * @param override an ablation's replacement for the pointwise part, or null
     * @param t2r      the learned [dk, dk] map when {@code model} is T2R
     */
    public static void apply(float[] x, int rows, int heads, int dk, FeatureMap model, FeatureMap override, float[] t2r) {
        FeatureMap pointwise = override != null ? override : model;
        float[] tmp = model == FeatureMap.T2R ? new float[dk] : null;
        for (int r = 0; r < rows * heads; r++) {
            int off = r * dk;
            if (model == FeatureMap.T2R) {
                Linear.matvec(t2r, dk, dk, x, off, tmp, 0);
                System.arraycopy(tmp, 0, x, off, dk);
            }
            for (int j = 0; j < dk; j++) x[off + j] = pointwise.apply(x[off + j]);
        }
    }
}
