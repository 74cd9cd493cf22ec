package org.gsaexplorer.model.backend.reference;

import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.ops.SlotMemory;
import org.gsaexplorer.model.ops.SlotReadout;
import org.gsaexplorer.model.probe.LayerProbe;

/**
 * The slot memory over many tokens at once, in the chunked two-pass form: within a chunk, with G_t = Σ_{r≤t} log α_r
 * (per slot, chunk-local) and K̃₀, Ṽ₀ the state entering the chunk,
 * <pre>
 *   z_t[m] = e^{G_t[m]}·⟨K̃₀[m], q̂_t⟩ + Σ_{s≤t} ⟨q̂_t, k̂_s⟩·s_s[m]·e^{G_t[m]−G_s[m]}      (pass 1)
 *   p_t    = readout(z_t)
 *   o_t    = Σ_m p_t[m]·e^{G_t[m]}·Ṽ₀[m] + Σ_{s≤t} (Σ_m p_t[m]·s_s[m]·e^{G_t[m]−G_s[m]})·v̂_s    (pass 2)
 * </pre>
 * and the state leaves the chunk as K̃[m] = e^{G_n[m]}·K̃₀[m] + Σ_s e^{G_n[m]−G_s[m]}·s_s[m]·k̂_s (likewise Ṽ).
 * Decays are formed as differences G_t − G_s ≤ 0 (never e^{−G}, which overflows), with G in double.
 */
public final class ChunkedSlotMemory implements PrefillMemory {
    private final int chunk;

    /** The chunked form with {@code chunk} tokens per chunk. */
    public ChunkedSlotMemory(int chunk) {
        this.chunk = chunk;
    }

    @Override
    public void forward(GsaConfig c, Ablations ab, int layer, float[] key, float[] value, float[] q, float[] k, float[] v,
                        float[] alpha, float[] write, int t, float[] z, float[] p, float[] o, LayerProbe probe) {
        int hq = c.numHeads(), hkv = c.numKvHeads(), m = c.numSlots(), g = c.groups();
        int dk = c.headKDim(), dv = c.headVDim(), active = ab.activeSlots(m);
        for (int c0 = 0; c0 < t; c0 += chunk) {
            int n = Math.min(chunk, t - c0);
            for (int h = 0; h < hkv; h++) {
                int kOff = h * m * dk, vOff = h * m * dv;
                double[] cum = new double[n * m];
                for (int s = 0; s < n; s++)
                    for (int i = 0; i < m; i++) {
                        double la = Math.log(Math.max(alpha[((c0 + s) * hkv + h) * m + i], Double.MIN_VALUE));
                        cum[s * m + i] = (s == 0 ? 0 : cum[(s - 1) * m + i]) + la;
                    }
                // decay[t][s][m] = e^{G_t − G_s}·s_s (write folded in), s ≤ t
                float[] decay = new float[n * n * m];
                for (int a = 0; a < n; a++)
                    for (int s = 0; s <= a; s++)
                        for (int i = 0; i < m; i++)
                            decay[(a * n + s) * m + i] = (float) Math.exp(cum[a * m + i] - cum[s * m + i])
                                    * write[((c0 + s) * hkv + h) * m + i];
                if (probe != null) probeNorms(c, key, value, kOff, vOff, h, c0, n, k, v, alpha, write, probe);
                for (int hh = h * g; hh < (h + 1) * g; hh++)
                    queryHead(c, ab, key, value, kOff, vOff, q, k, v, cum, decay, c0, n, h, hh, active,
                            ab.interventions().clampedSlot(layer, hh), z, p, o);
                // carry the state to the end of the chunk
                float[] k0 = java.util.Arrays.copyOfRange(key, kOff, kOff + m * dk);
                float[] v0 = java.util.Arrays.copyOfRange(value, vOff, vOff + m * dv);
                int last = n - 1;
                for (int i = 0; i < m; i++) {
                    float e = (float) Math.exp(cum[last * m + i]);
                    for (int j = 0; j < dk; j++) key[kOff + i * dk + j] = e * k0[i * dk + j];
                    for (int j = 0; j < dv; j++) value[vOff + i * dv + j] = e * v0[i * dv + j];
                    for (int s = 0; s < n; s++) {
                        float wgt = decay[(last * n + s) * m + i];
                        int kr = ((c0 + s) * hkv + h) * dk, vr = ((c0 + s) * hkv + h) * dv;
                        for (int j = 0; j < dk; j++) key[kOff + i * dk + j] += wgt * k[kr + j];
                        for (int j = 0; j < dv; j++) value[vOff + i * dv + j] += wgt * v[vr + j];
                    }
                }
            }
        }
    }

    private static void queryHead(GsaConfig c, Ablations ab, float[] key, float[] value, int kOff, int vOff,
                                  float[] q, float[] k, float[] v, double[] cum, float[] decay, int c0, int n,
                                  int h, int hh, int active, int clamp, float[] z, float[] p, float[] o) {
        int hq = c.numHeads(), hkv = c.numKvHeads(), m = c.numSlots(), dk = c.headKDim(), dv = c.headVDim();
        float[] inter = new float[m];
        for (int a = 0; a < n; a++) {
            int qr = ((c0 + a) * hq + hh) * dk, zOff = ((c0 + a) * hq + hh) * m;
            SlotMemory.scores(key, kOff, m, dk, q, qr, inter, 0);
            for (int i = 0; i < m; i++) z[zOff + i] = (float) Math.exp(cum[a * m + i]) * inter[i];
            for (int s = 0; s <= a; s++) {
                int kr = ((c0 + s) * hkv + h) * dk;
                float qk = 0f;
                for (int j = 0; j < dk; j++) qk += q[qr + j] * k[kr + j];
                int dOff = (a * n + s) * m;
                for (int i = 0; i < m; i++) z[zOff + i] += qk * decay[dOff + i];
            }
            SlotReadout.apply(ab.readout(), z, zOff, active, m, p, zOff, clamp);
            int oOff = ((c0 + a) * hq + hh) * dv;
            for (int i = 0; i < m; i++) inter[i] = p[zOff + i] * (float) Math.exp(cum[a * m + i]);
            SlotMemory.read(value, vOff, m, dv, inter, 0, o, oOff);
            for (int s = 0; s <= a; s++) {
                int dOff = (a * n + s) * m;
                float b = 0f;
                for (int i = 0; i < m; i++) b += p[zOff + i] * decay[dOff + i];
                int vr = ((c0 + s) * hkv + h) * dv;
                for (int j = 0; j < dv; j++) o[oOff + j] += b * v[vr + j];
            }
        }
    }

    /** Slot row norms per token need the per-token state, which the chunked form never forms: step a scratch copy. */
    private static void probeNorms(GsaConfig c, float[] key, float[] value, int kOff, int vOff, int h, int c0, int n,
                                   float[] k, float[] v, float[] alpha, float[] write, LayerProbe probe) {
        int hkv = c.numKvHeads(), m = c.numSlots(), dk = c.headKDim(), dv = c.headVDim();
        float[] ks = java.util.Arrays.copyOfRange(key, kOff, kOff + m * dk);
        float[] vs = java.util.Arrays.copyOfRange(value, vOff, vOff + m * dv);
        for (int s = 0; s < n; s++) {
            int gOff = ((c0 + s) * hkv + h) * m;
            SlotMemory.update(ks, 0, vs, 0, m, dk, dv, alpha, write, gOff, k, ((c0 + s) * hkv + h) * dk, v, ((c0 + s) * hkv + h) * dv);
            SlotMemory.rowNorms(ks, 0, m, dk, probe.keyNorm(), gOff);
            SlotMemory.rowNorms(vs, 0, m, dv, probe.valueNorm(), gOff);
        }
    }
}
