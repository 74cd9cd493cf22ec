package org.gsaexplorer.bench.baseline;

import org.gsaexplorer.bench.sequence.SequenceModel;

import java.util.function.Function;

/**
 * What the plain-Java baselines share: a pre-norm decoder with seeded random fp32 weights drawn in one order
 * (embeddings, every layer, final norm, LM head), so a seed always gives the same model.
 */
abstract class RandomDecoder<L> implements SequenceModel {
    final float[] embeddings, finalNorm, lmHead;
    final L[] layers;
    private final long parameters;

    /** @param layers draws all layers' weights from the generator, in layer order */
    RandomDecoder(long seed, double std, int vocab, int d, Function<RandomWeights, L[]> layers) {
        RandomWeights r = new RandomWeights(seed, std);
        embeddings = r.matrix(vocab, d);
        this.layers = layers.apply(r);
        finalNorm = r.ones(d);
        lmHead = r.matrix(vocab, d);
        parameters = r.count();
    }

    @Override
    public String engine() {
        return "java";
    }

    @Override
    public long parameterCount() {
        return parameters;
    }

    @Override
    public long matmulParametersPerToken() {
        return parameters - (long) vocabSize() * finalNorm.length;
    }

    /** Every weight is read once per token except the embedding table, of which one row is. */
    @Override
    public long weightBytesPerToken() {
        int d = finalNorm.length;
        return (parameters - (long) vocabSize() * d + d) * Float.BYTES;
    }
}
