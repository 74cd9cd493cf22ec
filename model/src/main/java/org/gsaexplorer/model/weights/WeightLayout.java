package org.gsaexplorer.model.weights;

/**
 * How FLA named and packed a GSA checkpoint's tensors. Decided from the tensor names in the safetensors header.
 */
public enum WeightLayout {
    /** Current FLA: {@code attn_norm}, {@code mlp_norm}, separate MLP {@code gate_proj} / {@code up_proj}. */
    CURRENT("current (attn_norm, separate gate/up MLP)"),
    /** Mid-2024 FLA (fla-hub/gsa-1.3B-100B, gsa-2.7B-100B): {@code attn.norm}, {@code mlp.norm}, fused MLP {@code gate_proj} [2I, D]. */
    FLA_2024("2024 (attn.norm, fused gate_proj)");

    public final String description;

    WeightLayout(String description) {
        this.description = description;
    }
}
