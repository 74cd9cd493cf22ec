package org.gsaexplorer.visualizer.session;

/**
 * An immutable view of the first {@code count} tokens of a run. Loss of token t is −ln p(id_t | tokens before t) in
 * nats (NaN for the first token, which nothing predicts); entropy and top-k describe the prediction made after token t.
 */
public final class Tokens {
    private final int count, layers, queryHeads;
    private final int[] ids, topIds;
    private final String[] texts;
    private final float[] loss, entropy, topProbs, meanAlpha, readoutEntropy;

    Tokens(int count, int layers, int queryHeads, int[] ids, String[] texts, float[] loss, float[] entropy, int[] topIds,
           float[] topProbs, float[] meanAlpha, float[] readoutEntropy) {
        this.count = count;
        this.layers = layers;
        this.queryHeads = queryHeads;
        this.ids = ids;
        this.texts = texts;
        this.loss = loss;
        this.entropy = entropy;
        this.topIds = topIds;
        this.topProbs = topProbs;
        this.meanAlpha = meanAlpha;
        this.readoutEntropy = readoutEntropy;
    }

    public static Tokens empty() {
        return new TokenTable(1, 1).view();
    }

    public int count() { return count; }
    public int id(int t) { return ids[check(t)]; }
    public String text(int t) { return texts[check(t)]; }
    public float loss(int t) { return loss[check(t)]; }
    public float predictionEntropy(int t) { return entropy[check(t)]; }
    public int topK() { return TokenTable.TOP_K; }
    public int topId(int t, int rank) { return topIds[check(t) * TokenTable.TOP_K + rank]; }
    public float topProb(int t, int rank) { return topProbs[check(t) * TokenTable.TOP_K + rank]; }
    /** Mean forget gate α over all kv heads and slots of {@code layer} at token t. */
    public float meanAlpha(int t, int layer) { return meanAlpha[check(t) * layers + layer]; }
    /** Entropy (nats) of query head {@code head}'s readout over slots at token t. */
    public float readoutEntropy(int t, int layer, int head) { return readoutEntropy[(check(t) * layers + layer) * queryHeads + head]; }

    public int[] ids() {
        return java.util.Arrays.copyOf(ids, count);
    }

    private int check(int t) {
        if (t < 0 || t >= count) throw new IndexOutOfBoundsException("token " + t + " of " + count);
        return t;
    }
}
