package org.gsaexplorer.bench.baseline;

import org.gsaexplorer.bench.sequence.SequenceSession;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.ops.Linear;
import org.gsaexplorer.model.ops.RmsNorm;

import java.util.Arrays;

/**
 * One Transformer++ sequence with a KV cache (post-RoPE keys and values, fp32). Prefill runs T tokens through each
 * matrix at once with a causal mask; step is the same with T = 1, attending over the whole cache.
 */
final class TransformerSession implements SequenceSession {
    private final TransformerPlusPlus m;
    private final TransformerConfig c;
    private float[][] keys, values;
    private int position;

    TransformerSession(TransformerPlusPlus m) {
        this.m = m;
        this.c = m.config;
        reset();
    }

    @Override
    public float[] prefill(int[] ids) {
        return forward(ids);
    }

    @Override
    public float[] step(int id) {
        return forward(new int[]{id});
    }

    @Override public int position() { return position; }
    @Override public long stateBytes() { return c.kvCacheBytes(position); }

    @Override
    public Snapshot snapshot() {
        return new PositionMark(position);
    }

    @Override
    public void restore(Snapshot s) {
        position = PositionMark.back(s, position);
    }

    @Override
    public void reset() {
        keys = new float[c.layers()][0];
        values = new float[c.layers()][0];
        position = 0;
    }

    private void reserve(int tokens) {
        long need = (long) tokens * c.kvWidth();
        if (keys[0].length >= need) return;
        if (need > Integer.MAX_VALUE - 8)
            throw new GsaException("a KV cache of " + tokens + " tokens does not fit one Java array per layer; use a shorter context");
        // grow geometrically so decoding token by token copies the cache only log(n) times
        int cap = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(need, 2L * keys[0].length));
        for (int l = 0; l < c.layers(); l++) {
            keys[l] = Arrays.copyOf(keys[l], cap);
            values[l] = Arrays.copyOf(values[l], cap);
        }
    }

    private float[] forward(int[] ids) {
        int t = ids.length, d = c.hidden();
        float[] x = DecoderBlocks.embed(m.embeddings, ids, d, c.vocab());
        reserve(position + t);
        float[][] rot = m.rope.tables(position, t);
        float eps = (float) c.normEps();
        for (int l = 0; l < c.layers(); l++) {
            TransformerPlusPlus.Layer w = m.layers[l];
            float[] h = RmsNorm.rows(x, t, d, w.attnNorm(), eps);
            float[] q = Linear.matmul(h, t, d, w.q(), c.queryWidth());
            float[] k = Linear.matmul(h, t, d, w.k(), c.kvWidth());
            float[] v = Linear.matmul(h, t, d, w.v(), c.kvWidth());
            m.rope.apply(q, t, c.heads(), rot);
            m.rope.apply(k, t, c.kvHeads(), rot);
            System.arraycopy(k, 0, keys[l], position * c.kvWidth(), k.length);
            System.arraycopy(v, 0, values[l], position * c.kvWidth(), v.length);
            float[] a = Linear.matmul(attend(l, q, t), t, c.queryWidth(), w.o(), d);
            DecoderBlocks.residual(x, a, t, d, w.mlpNorm(), w.mlp(), eps);
        }
        float[] logits = DecoderBlocks.logits(x, t, d, m.finalNorm, m.lmHead, c.vocab(), eps);
        position += t;
        return logits;
    }

    /** Causal softmax attention of the t new queries over cache rows [0, position + s] for query s. */
    private float[] attend(int l, float[] q, int t) {
        int hd = c.headDim(), kvw = c.kvWidth(), group = c.heads() / c.kvHeads();
        float scale = (float) (1 / Math.sqrt(hd));
        float[] out = new float[t * c.queryWidth()];
        float[] scores = new float[position + t];
        float[] key = keys[l], value = values[l];
        for (int s = 0; s < t; s++) {
            int n = position + s + 1;
            for (int h = 0; h < c.heads(); h++) {
                int qOff = s * c.queryWidth() + h * hd, kvOff = (h / group) * hd;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    int kr = j * kvw + kvOff;
                    float acc = 0f;
                    for (int i = 0; i < hd; i++) acc += q[qOff + i] * key[kr + i];
                    scores[j] = acc * scale;
                    max = Math.max(max, scores[j]);
                }
                float sum = 0f;
                for (int j = 0; j < n; j++) {
                    scores[j] = (float) Math.exp(scores[j] - max);
                    sum += scores[j];
                }
                float inv = 1f / sum;
                for (int j = 0; j < n; j++) {
                    float p = scores[j] * inv;
                    int vr = j * kvw + kvOff;
                    for (int i = 0; i < hd; i++) out[qOff + i] += p * value[vr + i];
                }
            }
        }
        return out;
    }
}
