package org.gsaexplorer.model.ops;

/**
 * The slot memory of one kv head: key slots K̃ [M, dk] and value slots Ṽ [M, dv], updated per token by
 * K̃[m] ← α[m]·K̃[m] + s[m]·k̂ and Ṽ[m] ← α[m]·Ṽ[m] + s[m]·v̂, and read by p = readout(K̃·q̂), o = pᵀ·Ṽ.
 * Works on slices of flat arrays so a whole layer's state can live in one array.
 */
public final class SlotMemory {
    private SlotMemory() {
    }

    /** One token's write into the slots at {@code key[kOff..]} ([M, dk]) and {@code value[vOff..]} ([M, dv]). */
    public static void update(float[] key, int kOff, float[] value, int vOff, int m, int dk, int dv,
                              float[] alpha, float[] write, int gOff, float[] k, int kIn, float[] v, int vIn) {
        for (int i = 0; i < m; i++) {
            float a = alpha[gOff + i], s = write[gOff + i];
            int kr = kOff + i * dk, vr = vOff + i * dv;
            for (int j = 0; j < dk; j++) key[kr + j] = a * key[kr + j] + s * k[kIn + j];
            for (int j = 0; j < dv; j++) value[vr + j] = a * value[vr + j] + s * v[vIn + j];
        }
    }

    /** Scores z[i] = ⟨K̃[i], q̂⟩ for the first {@code active} slots. */
    public static void scores(float[] key, int kOff, int active, int dk, float[] q, int qIn, float[] z, int zOff) {
        for (int i = 0; i < active; i++) {
            int kr = kOff + i * dk;
            float acc = 0f;
            for (int j = 0; j < dk; j++) acc += key[kr + j] * q[qIn + j];
            z[zOff + i] = acc;
        }
    }

    /** o = Σ_i p[i]·Ṽ[i] over the first {@code active} slots. */
    public static void read(float[] value, int vOff, int active, int dv, float[] p, int pOff, float[] o, int oOff) {
        for (int j = 0; j < dv; j++) o[oOff + j] = 0f;
        for (int i = 0; i < active; i++) {
            float w = p[pOff + i];
            int vr = vOff + i * dv;
            for (int j = 0; j < dv; j++) o[oOff + j] += w * value[vr + j];
        }
    }

    /** L2 norm of each of the m rows of width d starting at {@code off}. */
    public static void rowNorms(float[] mem, int off, int m, int d, float[] out, int outOff) {
        for (int i = 0; i < m; i++) {
            float ss = 0f;
            for (int j = 0; j < d; j++) ss += mem[off + i * d + j] * mem[off + i * d + j];
            out[outOff + i] = (float) Math.sqrt(ss);
        }
    }
}
