package org.gsaexplorer.bench.baseline;

import org.gsaexplorer.bench.sequence.SequenceSession;

/** A Transformer++ with seeded random fp32 weights, run in plain Java with the same kernels as the reference GSA backend. */
public final class TransformerPlusPlus extends RandomDecoder<TransformerPlusPlus.Layer> {
    record Layer(float[] attnNorm, float[] q, float[] k, float[] v, float[] o, float[] mlpNorm, SwiGluMlp mlp) {
    }

    final TransformerConfig config;
    final Rope rope;

    public TransformerPlusPlus(TransformerConfig c, long seed) {
        this(c, seed, RandomWeights.INIT_STD);
    }

    /** Tests use a larger {@code std} so that attention and gates are far from uniform and mistakes show. */
    TransformerPlusPlus(TransformerConfig c, long seed, double std) {
        super(seed, std, c.vocab(), c.hidden(), r -> {
            int d = c.hidden();
            Layer[] layers = new Layer[c.layers()];
            for (int i = 0; i < layers.length; i++)
                layers[i] = new Layer(r.ones(d), r.matrix(c.queryWidth(), d), r.matrix(c.kvWidth(), d), r.matrix(c.kvWidth(), d),
                        r.matrix(d, c.queryWidth()), r.ones(d), SwiGluMlp.random(d, c.intermediate(), r));
            return layers;
        });
        config = c;
        rope = new Rope(c.headDim(), c.ropeTheta());
    }

    public TransformerConfig config() { return config; }
    @Override public String arch() { return "transformer"; }
    @Override public int vocabSize() { return config.vocab(); }

    @Override
    public long stateBytes(int context) {
        return config.kvCacheBytes(context);
    }

    @Override
    public SequenceSession newSession() {
        return new TransformerSession(this);
    }
}
