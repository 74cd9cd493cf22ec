package org.gsaexplorer.bench.baseline;

import org.gsaexplorer.bench.sequence.SequenceSession;

/** A GLA language model with seeded random fp32 weights, run in plain Java with the same kernels as the reference GSA backend. */
public final class GatedLinearAttention extends RandomDecoder<GatedLinearAttention.Layer> {
    record Layer(float[] attnNorm, float[] q, float[] k, float[] v, float[] gateDown, float[] gateUp, float[] gateBias,
                 float[] outGate, float[] gNorm, float[] o, float[] mlpNorm, SwiGluMlp mlp) {
    }

    final GlaConfig config;

    public GatedLinearAttention(GlaConfig c, long seed) {
        this(c, seed, RandomWeights.INIT_STD);
    }

    /** Tests use a larger {@code std} so that attention and gates are far from uniform and mistakes show. */
    GatedLinearAttention(GlaConfig c, long seed, double std) {
        super(seed, std, c.vocab(), c.hidden(), r -> {
            int d = c.hidden();
            Layer[] layers = new Layer[c.layers()];
            for (int i = 0; i < layers.length; i++)
                layers[i] = new Layer(r.ones(d), r.matrix(c.keyDim(), d), r.matrix(c.keyDim(), d), r.matrix(c.valueDim(), d),
                        r.matrix(c.gateRank(), d), r.matrix(c.keyDim(), c.gateRank()), r.matrix(1, c.keyDim()),
                        r.matrix(c.valueDim(), d), r.ones(c.headVDim()), r.matrix(d, c.valueDim()), r.ones(d),
                        SwiGluMlp.random(d, c.intermediate(), r));
            return layers;
        });
        config = c;
    }

    public GlaConfig config() { return config; }
    @Override public String arch() { return "gla"; }
    @Override public int vocabSize() { return config.vocab(); }

    @Override
    public long stateBytes(int context) {
        return config.stateBytes();
    }

    @Override
    public SequenceSession newSession() {
        return new GlaSession(this);
    }
}
