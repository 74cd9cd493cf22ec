package org.gsaexplorer.bench.baseline;

import org.gsaexplorer.model.ops.Linear;
import org.gsaexplorer.model.ops.RmsNorm;

/** What the baseline decoders share around their token mixers: embedding rows, the residual MLP block, the logits. */
final class DecoderBlocks {
    private DecoderBlocks() {
    }

    /** Rows of {@code table} [vocab][d] for {@code ids}, flat [t][d]; an id outside the vocabulary is refused. */
    static float[] embed(float[] table, int[] ids, int d, int vocab) {
        for (int id : ids) if (id < 0 || id >= vocab) throw new IllegalArgumentException("token id " + id + " outside 0.." + (vocab - 1));
        float[] x = new float[ids.length * d];
        for (int i = 0; i < ids.length; i++) System.arraycopy(table, ids[i] * d, x, i * d, d);
        return x;
    }

    /** x += mixed (the token mixer's output), then x += mlp(RMSNorm(x; mlpNorm)), over t rows of width d. */
    static void residual(float[] x, float[] mixed, int t, int d, float[] mlpNorm, SwiGluMlp mlp, float eps) {
        for (int i = 0; i < x.length; i++) x[i] += mixed[i];
        float[] f = mlp.forward(RmsNorm.rows(x, t, d, mlpNorm, eps), t);
        for (int i = 0; i < x.length; i++) x[i] += f[i];
    }

    /** Logits [t][vocab] of RMSNorm(x; finalNorm) through the LM head. */
    static float[] logits(float[] x, int t, int d, float[] finalNorm, float[] lmHead, int vocab, float eps) {
        return Linear.matmul(RmsNorm.rows(x, t, d, finalNorm, eps), t, d, lmHead, vocab);
    }
}
