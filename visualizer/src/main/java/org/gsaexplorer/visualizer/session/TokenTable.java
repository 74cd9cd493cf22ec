package org.gsaexplorer.visualizer.session;

import java.util.Arrays;

/**
 * Per-token results that stay for the whole sequence (small: a few numbers per token): the id and its text, the loss
 * the model assigned to it, the top-k predictions after it, and per-layer summaries for the charts. Append-only with
 * copy on truncate, so a published {@link Tokens} view never sees a later write.
 */
final class TokenTable {
    static final int TOP_K = 5;

    private final int layers, queryHeads;
    private int count;
    private int[] ids = new int[256];
    private String[] texts = new String[256];
    private float[] loss = new float[256], entropy = new float[256];
    private int[] topIds = new int[256 * TOP_K];
    private float[] topProbs = new float[256 * TOP_K];
    private float[] meanAlpha;
    private float[] readoutEntropy;

    TokenTable(int layers, int queryHeads) {
        this.layers = layers;
        this.queryHeads = queryHeads;
        meanAlpha = new float[256 * layers];
        readoutEntropy = new float[256 * layers * queryHeads];
    }

    int count() {
        return count;
    }

    int id(int t) {
        return ids[t];
    }

    /** Appends token {@code count}; the caller fills its summaries with the setters before publishing. */
    void append(int id, String text, float tokenLoss, float predEntropy, int[] top, float[] probs) {
        if (count == ids.length) grow(ids.length * 2);
        ids[count] = id;
        texts[count] = text;
        loss[count] = tokenLoss;
        entropy[count] = predEntropy;
        System.arraycopy(top, 0, topIds, count * TOP_K, TOP_K);
        System.arraycopy(probs, 0, topProbs, count * TOP_K, TOP_K);
        count++;
    }

    void setLayerSummary(int t, int layer, float alphaMean, float[] entropyPerHead) {
        meanAlpha[t * layers + layer] = alphaMean;
        System.arraycopy(entropyPerHead, 0, readoutEntropy, (t * layers + layer) * queryHeads, queryHeads);
    }

    /** Keeps the first {@code n} tokens, in fresh arrays so published views stay intact. */
    void truncate(int n) {
        grow(Math.max(256, ids.length));
        count = Math.min(count, n);
    }

    private void grow(int cap) {
        ids = Arrays.copyOf(ids, cap);
        texts = Arrays.copyOf(texts, cap);
        loss = Arrays.copyOf(loss, cap);
        entropy = Arrays.copyOf(entropy, cap);
        topIds = Arrays.copyOf(topIds, cap * TOP_K);
        topProbs = Arrays.copyOf(topProbs, cap * TOP_K);
        meanAlpha = Arrays.copyOf(meanAlpha, cap * layers);
        readoutEntropy = Arrays.copyOf(readoutEntropy, cap * layers * queryHeads);
    }

    Tokens view() {
        return new Tokens(count, layers, queryHeads, ids, texts, loss, entropy, topIds, topProbs, meanAlpha, readoutEntropy);
    }
}
