package org.gsaexplorer.model.config;

import org.gsaexplorer.model.error.GsaException;

/** The feature map φ applied to queries and keys (FLA's {@code feature_map}), plus the extra ones the ablations use. */
public enum FeatureMap {
    /** φ(x) = x·σ(x). */
    SWISH("swish"),
    /** φ(x) = max(x, 0). */
    RELU("relu"),
    /** φ(x) = relu(x·Tᵀ), T a learned dk×dk matrix shared by all heads. */
    T2R("t2r"),
    /** φ(x) = max(x, 0)²: not accepted by FLA's layer; used only as an ablation. */
    RELU2("relu2"),
    /** φ(x) = x: used only as an ablation. */
    IDENTITY("identity");

    public final String id;

    FeatureMap(String id) {
        this.id = id;
    }

    public static FeatureMap parse(String s, String where) {
        for (FeatureMap f : values()) if (f.id.equals(s)) return f;
        throw new GsaException(where + ": unknown feature map " + GsaException.quote(s) + " (expected swish, relu, t2r, relu2 or identity)");
    }

    /** φ applied to a pointwise value (T2R's linear map is applied before, by the caller). */
    public float apply(float x) {
        return switch (this) {
            case SWISH -> x / (1f + (float) Math.exp(-x));
            case RELU, T2R -> Math.max(x, 0f);
            case RELU2 -> x > 0 ? x * x : 0f;
            case IDENTITY -> x;
        };
    }
}
