package org.gsaexplorer.bench.baseline;

import org.gsaexplorer.model.config.GsaConfig;

/**
 * Shape of a GLA model (Yang et al. 2024): per head a d_k × d_v state with a data-dependent per-key-dimension decay
 * α = exp(log σ(x·W₁·W₂ + b) / τ) from a low-rank projection, a per-head RMSNorm and a swish output gate.
 */
public record GlaConfig(int hidden, int layers, int heads, int keyDim, int valueDim, int gateRank, double gateNormalizer,
                        int intermediate, int vocab, double normEps) {

    public GlaConfig {
        if (keyDim % heads != 0 || valueDim % heads != 0)
            throw new IllegalArgumentException("key dim " + keyDim + " and value dim " + valueDim + " must divide by heads " + heads);
    }

    /** GLA's published defaults (expand_k 0.5, expand_v 1, gate rank 16, τ 16) at the GSA model's width, depth, heads, MLP and vocabulary. */
    public static GlaConfig matching(GsaConfig g) {
        int d = g.hiddenSize();
        int heads = g.numHeads();
        int keyDim = (d / 2) % heads == 0 ? d / 2 : d;
        return new GlaConfig(d, g.numLayers(), heads, keyDim, d, 16, 16, g.intermediateSize(), g.vocabSize(), g.normEps());
    }

    public int headKDim() { return keyDim / heads; }
    public int headVDim() { return valueDim / heads; }

    public long parameters() {
        long d = hidden;
        long attn = d * keyDim * 2 + d * valueDim * 2 + d * gateRank + (long) gateRank * keyDim + keyDim + valueDim * d + headVDim();
        long perLayer = attn + 3L * d * intermediate + 2 * d;
        return layers * perLayer + 2L * vocab * d + d;
    }

    /** fp32 state of every layer: heads × d_k × d_v, whatever the context. */
    public long stateBytes() {
        return (long) layers * heads * headKDim() * headVDim() * Float.BYTES;
    }
}
