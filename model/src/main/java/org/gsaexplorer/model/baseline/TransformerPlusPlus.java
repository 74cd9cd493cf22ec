package org.gsaexplorer.model.baseline;

import org.gsaexplorer.model.bench.SequenceModel;
import org.gsaexplorer.model.bench.SequenceSession;

/** A Transformer++ with seeded random fp32 weights, run in plain Java with the same kernels as the reference GSA backend. */
public final class TransformerPlusPlus implements SequenceModel {
    record Layer(float[] attnNorm, float[] q, float[] k, float[] v, float[] o, float[] mlpNorm, SwiGluMlp mlp) {
    }

    final TransformerConfig config;
    final float[] embeddings, finalNorm, lmHead;
    final Layer[] layers;
    final Rope rope;
    private final long parameters;

    public TransformerPlusPlus(TransformerConfig c, long seed) {
        this(c, seed, RandomWeights.INIT_STD);
    }

    /** Tests use a larger {@code std} so that attention and gates are far from uniform and mistakes show. */
    TransformerPlusPlus(TransformerConfig c, long seed, double std) {
        config = c;
        RandomWeights r = new RandomWeights(seed, std);
        int d = c.hidden();
        embeddings = r.matrix(c.vocab(), d);
        layers = new Layer[c.layers()];
        for (int i = 0; i < layers.length; i++)
            layers[i] = new Layer(r.ones(d), r.matrix(c.queryWidth(), d), r.matrix(c.kvWidth(), d), r.matrix(c.kvWidth(), d),
                    r.matrix(d, c.queryWidth()), r.ones(d), SwiGluMlp.random(d, c.intermediate(), r));
        finalNorm = r.ones(d);
        lmHead = r.matrix(c.vocab(), d);
        parameters = r.count();
        rope = new Rope(c.headDim(), c.ropeTheta());
    }

    public TransformerConfig config() { return config; }
    @Override public String arch() { return "transformer"; }
    @Override public String engine() { return "java"; }
    @Override public int vocabSize() { return config.vocab(); }
    @Override public long parameterCount() { return parameters; }

    @Override
    public long weightBytesPerToken() {
        return (parameters - (long) config.vocab() * config.hidden() + config.hidden()) * Float.BYTES;
    }

    @Override
    public long stateBytes(int context) {
        return config.kvCacheBytes(context);
    }

    @Override
    public SequenceSession newSession() {
        return new TransformerSession(this);
    }
}
