package org.gsaexplorer.bench.baseline;

import org.gsaexplorer.bench.sequence.SequenceSession;
import org.gsaexplorer.model.ops.Activations;
import org.gsaexplorer.model.ops.Linear;
import org.gsaexplorer.model.ops.RmsNorm;

/** One GLA sequence: prefill uses the chunked form ({@link #CHUNK} tokens), step the recurrent form. */
final class GlaSession implements SequenceSession {
    static final int CHUNK = 64;

    private final GatedLinearAttention m;
    private final GlaConfig c;
    private float[][] state;
    private int position;

    private record Saved(int position, float[][] state) implements Snapshot {
    }

    GlaSession(GatedLinearAttention m) {
        this.m = m;
        this.c = m.config;
        reset();
    }

    @Override public float[] prefill(int[] ids) { return forward(ids, true); }
    @Override public float[] step(int id) { return forward(new int[]{id}, false); }
    @Override public int position() { return position; }
    @Override public long stateBytes() { return c.stateBytes(); }

    @Override
    public Snapshot snapshot() {
        float[][] copy = new float[state.length][];
        for (int l = 0; l < state.length; l++) copy[l] = state[l].clone();
        return new Saved(position, copy);
    }

    @Override
    public void restore(Snapshot s) {
        if (!(s instanceof Saved saved) || saved.state().length != state.length) throw new IllegalArgumentException("snapshot is not from this model");
        for (int l = 0; l < state.length; l++) System.arraycopy(saved.state()[l], 0, state[l], 0, state[l].length);
        position = saved.position();
    }

    @Override
    public void reset() {
        state = new float[c.layers()][c.heads() * c.headKDim() * c.headVDim()];
        position = 0;
    }

    private float[] forward(int[] ids, boolean chunked) {
        int t = ids.length, d = c.hidden();
        float[] x = DecoderBlocks.embed(m.embeddings, ids, d, c.vocab());
        float eps = (float) c.normEps();
        for (int l = 0; l < c.layers(); l++) {
            GatedLinearAttention.Layer w = m.layers[l];
            float[] a = attention(l, w, RmsNorm.rows(x, t, d, w.attnNorm(), eps), t, chunked);
            DecoderBlocks.residual(x, a, t, d, w.mlpNorm(), w.mlp(), eps);
        }
        float[] logits = DecoderBlocks.logits(x, t, d, m.finalNorm, m.lmHead, c.vocab(), eps);
        position += t;
        return logits;
    }

    private float[] attention(int l, GatedLinearAttention.Layer w, float[] h, int t, boolean chunked) {
        int d = c.hidden(), dk = c.headKDim(), dv = c.headVDim(), heads = c.heads();
        float[] q = Linear.matmul(h, t, d, w.q(), c.keyDim());
        float[] k = Linear.matmul(h, t, d, w.k(), c.keyDim());
        float[] v = Linear.matmul(h, t, d, w.v(), c.valueDim());
        float[] g = Linear.matmul(Linear.matmul(h, t, d, w.gateDown(), c.gateRank()), t, c.gateRank(), w.gateUp(), c.keyDim());
        float scale = (float) (1 / Math.sqrt(dk)), tau = (float) c.gateNormalizer();
        for (int i = 0; i < q.length; i++) q[i] *= scale;
        for (int i = 0; i < g.length; i++) g[i] = Activations.logSigmoid(g[i] + w.gateBias()[i % c.keyDim()]) / tau;
        float[] o = new float[t * c.valueDim()];
        if (chunked) GlaKernels.chunked(q, k, v, g, t, heads, dk, dv, state[l], o, CHUNK);
        else GlaKernels.recurrent(q, k, v, g, t, heads, dk, dv, state[l], o);
        float[] gate = Linear.matmul(h, t, d, w.outGate(), c.valueDim());
        float[] normed = RmsNorm.rows(o, t * heads, dv, w.gNorm(), (float) c.normEps());
        for (int i = 0; i < normed.length; i++) normed[i] *= Activations.silu(gate[i]);
        return Linear.matmul(normed, t, c.valueDim(), w.o(), d);
    }
}
