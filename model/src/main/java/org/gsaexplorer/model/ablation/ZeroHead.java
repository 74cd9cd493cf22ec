package org.gsaexplorer.model.ablation;

import org.gsaexplorer.model.config.GsaConfig;

/**
 * {@code zero-head=L:H}: query head H's attention output in layer L is zeroed before the output activation and norm.
 * With o_t = [o_t,0 | … | o_t,H−1] the concatenated slot-memory outputs of §3.7, o_t,H := 0 ∈ ℝ^{dv} for every token,
 * then Attn = RMSNorm(SiLU(o_t); g_norm, 1e-5)·W_oᵀ as usual. SiLU(0) = 0, so head H contributes nothing; the norm
 * still averages over all D entries, zeros included, so the other heads are rescaled by the changed RMS. Zeroing every
 * head of a layer makes that layer's attention output exactly 0.
 */
public record ZeroHead(int layer, int queryHead) implements Intervention {
    @Override
    public void check(GsaConfig c) {
        Intervention.checkRange(spec(), "layer", layer, c.numLayers());
        Intervention.checkRange(spec(), "query head", queryHead, c.numHeads());
    }

    @Override
    public String spec() {
        return "zero-head=" + layer + ":" + queryHead;
    }
}
