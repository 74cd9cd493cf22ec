package org.gsaexplorer.model.backend.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * One token's slot memory for one kv head in two passes that each touch a slot row once, with Vector API loops: the
 * key pass writes K̃[i] ← α[i]·K̃[i] + s[i]·k̂ and scores the fresh row against the group's queries (z = K̃[i]·q̂);
 * after the readout, the value pass writes Ṽ[i] ← α[i]·Ṽ[i] + s[i]·v̂ and adds p[i]·Ṽ[i] to each query head's output.
 * Row norms for the probes come from the same passes. The plain loops of {@code SlotMemory} (update, scores, read,
 * rowNorms) are what this computes; only the order of the fp32 sums differs.
 */
public final class SlotStep {
    private static final VectorSpecies<Float> F = Widen.F;

    private SlotStep() {
    }

    /**
     * Key pass over the m rows of width dk at {@code key[kOff..]}, with gates at {@code alpha/write[gOff..]} and k̂ at
     * {@code k[kIn..]}; query head j of the {@code group} reads q at {@code qIn + j·dk} and scores into
     * {@code z[zOff + j·m ..]}. {@code norms} (or null) gets each fresh row's L2 norm at {@code nOff}.
     */
    public static void keys(float[] key, int kOff, int m, int dk, float[] alpha, float[] write, int gOff, float[] k, int kIn,
                     float[] q, int qIn, int group, float[] z, int zOff, float[] norms, int nOff) {
        for (int i = 0; i < m; i++) {
            int row = kOff + i * dk;
            update(key, row, dk, alpha[gOff + i], write[gOff + i], k, kIn);
            for (int j = 0; j < group; j++) z[zOff + j * m + i] = dot(key, row, q, qIn + j * dk, dk);
            if (norms != null) norms[nOff + i] = (float) Math.sqrt(dot(key, row, key, row, dk));
        }
    }

    /**
     * Value pass over the m rows of width dv at {@code value[vOff..]}; query head j of the {@code group} reads with the
     * weights {@code p[pOff + j·m ..]} over the first {@code active} slots into {@code o[oOff + j·dv ..]}.
     */
    public static void values(float[] value, int vOff, int m, int dv, float[] alpha, float[] write, int gOff, float[] v, int vIn,
                       float[] p, int pOff, int active, int group, float[] o, int oOff, float[] norms, int nOff) {
        java.util.Arrays.fill(o, oOff, oOff + group * dv, 0f);
        for (int i = 0; i < m; i++) {
            int row = vOff + i * dv;
            update(value, row, dv, alpha[gOff + i], write[gOff + i], v, vIn);
            if (i < active)
                for (int j = 0; j < group; j++) axpy(p[pOff + j * m + i], value, row, o, oOff + j * dv, dv);
            if (norms != null) norms[nOff + i] = (float) Math.sqrt(dot(value, row, value, row, dv));
        }
    }

    /** mem[row..row+n) = a·mem + s·x[xOff..]. */
    private static void update(float[] mem, int row, int n, float a, float s, float[] x, int xOff) {
        FloatVector av = FloatVector.broadcast(F, a), sv = FloatVector.broadcast(F, s);
        int j = 0, bound = F.loopBound(n);
        for (; j < bound; j += F.length()) {
            FloatVector xv = FloatVector.fromArray(F, x, xOff + j).mul(sv);
            FloatVector.fromArray(F, mem, row + j).fma(av, xv).intoArray(mem, row + j);
        }
        for (; j < n; j++) mem[row + j] = a * mem[row + j] + s * x[xOff + j];
    }

    private static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        FloatVector acc = FloatVector.zero(F);
        int j = 0, bound = F.loopBound(n);
        for (; j < bound; j += F.length()) acc = FloatVector.fromArray(F, a, aOff + j).fma(FloatVector.fromArray(F, b, bOff + j), acc);
        float s = Lanes.sum(acc);
        for (; j < n; j++) s += a[aOff + j] * b[bOff + j];
        return s;
    }

    /** y[yOff..yOff+n) += w·x[xOff..]. */
    private static void axpy(float w, float[] x, int xOff, float[] y, int yOff, int n) {
        FloatVector wv = FloatVector.broadcast(F, w);
        int j = 0, bound = F.loopBound(n);
        for (; j < bound; j += F.length())
            FloatVector.fromArray(F, x, xOff + j).fma(wv, FloatVector.fromArray(F, y, yOff + j)).intoArray(y, yOff + j);
        for (; j < n; j++) y[yOff + j] += w * x[xOff + j];
    }
}
