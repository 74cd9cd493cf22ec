package org.gsaexplorer.model.backend.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The multiply-add cores of {@link MappedMatrix}, on fp32 weight rows already widened into a scratch array (4 rows of
 * {@code in} values, one after another): 4 rows × 1 token for decode, 4 rows × 4 tokens for prefill, where each
 * weight and input vector loaded feeds 4 multiply-adds. Sums are fp32; only their order differs from {@code Linear}.
 */
final class Tiles {
    static final int ROWS = 4, TOKENS = 4;
    private static final VectorSpecies<Float> F = Widen.F;

    private Tiles() {
    }

    /** y[yOff + r·yStride] = ⟨w row r, x[xOff..]⟩ for r < {@code rows} (≤ 4; the scratch holds 4 rows regardless). */
    static void rows4x1(float[] w, int in, float[] x, int xOff, float[] y, int yOff, int rows) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        int i = 0, bound = F.loopBound(in);
        for (; i < bound; i += F.length()) {
            FloatVector xv = FloatVector.fromArray(F, x, xOff + i);
            a0 = FloatVector.fromArray(F, w, i).fma(xv, a0);
            a1 = FloatVector.fromArray(F, w, in + i).fma(xv, a1);
            a2 = FloatVector.fromArray(F, w, 2 * in + i).fma(xv, a2);
            a3 = FloatVector.fromArray(F, w, 3 * in + i).fma(xv, a3);
        }
        put(a0, w, in, x, xOff, i, y, yOff, 0, rows);
        put(a1, w, in, x, xOff, i, y, yOff, 1, rows);
        put(a2, w, in, x, xOff, i, y, yOff, 2, rows);
        put(a3, w, in, x, xOff, i, y, yOff, 3, rows);
    }

    /** The 4 × 4 tile: tokens t..t+3 of x (rows of {@code in}) against the 4 weight rows, into y[token][out]. */
    static void rows4x4(float[] w, int in, float[] x, int t, float[] y, int out, int r0, int rows) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a02 = z, a03 = z, a10 = z, a11 = z, a12 = z, a13 = z;
        FloatVector a20 = z, a21 = z, a22 = z, a23 = z, a30 = z, a31 = z, a32 = z, a33 = z;
        int x0 = t * in, x1 = x0 + in, x2 = x1 + in, x3 = x2 + in;
        int i = 0, bound = F.loopBound(in);
        for (; i < bound; i += F.length()) {
            FloatVector w0 = FloatVector.fromArray(F, w, i), w1 = FloatVector.fromArray(F, w, in + i);
            FloatVector w2 = FloatVector.fromArray(F, w, 2 * in + i), w3 = FloatVector.fromArray(F, w, 3 * in + i);
            FloatVector xv = FloatVector.fromArray(F, x, x0 + i);
            a00 = w0.fma(xv, a00); a10 = w1.fma(xv, a10); a20 = w2.fma(xv, a20); a30 = w3.fma(xv, a30);
            xv = FloatVector.fromArray(F, x, x1 + i);
            a01 = w0.fma(xv, a01); a11 = w1.fma(xv, a11); a21 = w2.fma(xv, a21); a31 = w3.fma(xv, a31);
            xv = FloatVector.fromArray(F, x, x2 + i);
            a02 = w0.fma(xv, a02); a12 = w1.fma(xv, a12); a22 = w2.fma(xv, a22); a32 = w3.fma(xv, a32);
            xv = FloatVector.fromArray(F, x, x3 + i);
            a03 = w0.fma(xv, a03); a13 = w1.fma(xv, a13); a23 = w2.fma(xv, a23); a33 = w3.fma(xv, a33);
        }
        put(a00, w, in, x, x0, i, y, t * out + r0, 0, rows); put(a10, w, in, x, x0, i, y, t * out + r0, 1, rows);
        put(a20, w, in, x, x0, i, y, t * out + r0, 2, rows); put(a30, w, in, x, x0, i, y, t * out + r0, 3, rows);
        put(a01, w, in, x, x1, i, y, (t + 1) * out + r0, 0, rows); put(a11, w, in, x, x1, i, y, (t + 1) * out + r0, 1, rows);
        put(a21, w, in, x, x1, i, y, (t + 1) * out + r0, 2, rows); put(a31, w, in, x, x1, i, y, (t + 1) * out + r0, 3, rows);
        put(a02, w, in, x, x2, i, y, (t + 2) * out + r0, 0, rows); put(a12, w, in, x, x2, i, y, (t + 2) * out + r0, 1, rows);
        put(a22, w, in, x, x2, i, y, (t + 2) * out + r0, 2, rows); put(a32, w, in, x, x2, i, y, (t + 2) * out + r0, 3, rows);
        put(a03, w, in, x, x3, i, y, (t + 3) * out + r0, 0, rows); put(a13, w, in, x, x3, i, y, (t + 3) * out + r0, 1, rows);
        put(a23, w, in, x, x3, i, y, (t + 3) * out + r0, 2, rows); put(a33, w, in, x, x3, i, y, (t + 3) * out + r0, 3, rows);
    }

    /** Stores weight row r's sum for one token (with the scalar tail from {@code from}) unless r is past the real rows. */
    private static void put(FloatVector acc, float[] w, int in, float[] x, int xo, int from, float[] y, int yRow, int r, int rows) {
        if (r >= rows) return;
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (int j = from; j < in; j++) s += w[r * in + j] * x[xo + j];
        y[yRow + r] = s;
    }
}
