package org.gsaexplorer.bench.baseline;

import org.gsaexplorer.model.config.GsaConfig;

/**
 * Shape of a Transformer++ (Llama-style: RMSNorm, RoPE softmax attention with grouped KV heads, SwiGLU MLP).
 * {@link #matching} gives the one at a GSA model's width, depth, MLP width and vocabulary, the comparison the paper makes.
 */
public record TransformerConfig(int hidden, int layers, int heads, int kvHeads, int headDim, int intermediate,
                                int vocab, double normEps, double ropeTheta) {

    public TransformerConfig {
        if (heads % kvHeads != 0) throw new IllegalArgumentException("kv heads " + kvHeads + " must divide heads " + heads);
        if (headDim % 2 != 0) throw new IllegalArgumentException("head dim must be even for RoPE, not " + headDim);
    }

    /** Head dim 128 from width 1024 up (as Llama and Mistral), 64 below; KV grouping as in the GSA model (GQA for Mistral-based GSA). */
    public static TransformerConfig matching(GsaConfig g) {
        int d = g.hiddenSize();
        int headDim = d >= 1024 && d % 128 == 0 ? 128 : d % 64 == 0 ? 64 : g.headVDim();
        int heads = d / headDim;
        int kv = heads % g.groups() == 0 ? heads / g.groups() : heads;
        return new TransformerConfig(d, g.numLayers(), heads, kv, headDim, g.intermediateSize(), g.vocabSize(), g.normEps(), 10_000);
    }

    public int queryWidth() { return heads * headDim; }
    public int kvWidth() { return kvHeads * headDim; }

    public long parameters() {
        long d = hidden;
        long attn = d * queryWidth() * 2L + d * kvWidth() * 2L;
        long perLayer = attn + 3L * d * intermediate + 2 * d;
        return layers * perLayer + 2L * vocab * d + d;
    }

    /** fp32 keys and values of every layer for {@code context} tokens. */
    public long kvCacheBytes(int context) {
        return (long) layers * 2 * kvWidth() * context * Float.BYTES;
    }
}
