package org.gsaexplorer.model.backend.nd4j;

import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.ablation.Readout;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.probe.LayerProbe;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

/**
 * The slot memory over many tokens in the chunked two-pass form of the reference's ChunkedSlotMemory, with every
 * kv head (and its G query heads) of a chunk batched into a few matmuls. Within a chunk of n tokens, with
 * decay[h,t,s,m] = e^{G_t[m]−G_s[m]}·s_s[m] for s ≤ t (0 otherwise):
 * <pre>
 *   z[t] = e^{G_t} ⊙ (K̃₀·q̂_t) + Σ_s ⟨q̂_t, k̂_s⟩·decay[t,s]          p[t] = readout(z[t])
 *   o[t] = Ṽ₀ᵀ·(p[t] ⊙ e^{G_t}) + Σ_s ⟨p[t], decay[t,s]⟩·v̂_s
 * </pre>
 * G is the chunk-local cumulative log-gate in double; decays are taken as differences G_t − G_s (never e^{−G}).
 */
final class Nd4jChunkedMemory {
    private Nd4jChunkedMemory() {
    }

    /**
     * @param q      φ(q) [T, H, dk]
     * @param k      φ(k) [T, Hkv, dk]
     * @param v      SiLU(v) [T, Hkv, dv]
     * @param alpha  α [T][Hkv][M] flat, and {@code write} s likewise
     * @param key    K̃ [Hkv][M][dk] entering the run, updated in place (and {@code value} Ṽ likewise)
     * @param chunkRuns a workspace entered once per chunk: what a chunk makes is dropped when it ends, so only the
     *                  output and the carried state (assigned in place) live in the caller's scope
     * @return o [T, H·dv]
     */
    static INDArray forward(GsaConfig c, Ablations ab, int layer, float[] key, float[] value, INDArray q, INDArray k, INDArray v,
                            float[] alpha, float[] write, int t, int chunk, LayerProbe probe, MemoryWorkspace chunkRuns) {
        int hq = c.numHeads(), hkv = c.numKvHeads(), m = c.numSlots(), g = c.groups(), dk = c.headKDim(), dv = c.headVDim();
        Run run = new Run(ab, layer, q, k, v, alpha, write, hkv, g, m, dk, dv, ab.activeSlots(m), probe,
                Nd4j.create(key, new long[]{hkv, m, dk}, 'c'), Nd4j.create(value, new long[]{hkv, m, dv}, 'c'),
                Nd4j.create(DataType.FLOAT, t, hq, dv));
        for (int c0 = 0; c0 < t; c0 += chunk)
            try (MemoryWorkspace ignored = chunkRuns.notifyScopeEntered()) {
                run.chunk(c0, Math.min(chunk, t - c0));
            }
        System.arraycopy(run.k0.dup('c').data().asFloat(), 0, key, 0, key.length);
        System.arraycopy(run.v0.dup('c').data().asFloat(), 0, value, 0, value.length);
        return run.out.reshape(t, hq * dv);
    }

    /** One layer's pass: the inputs, the state K̃₀, Ṽ₀ carried from chunk to chunk in place, and the output o [T, H, dv]. */
    private record Run(Ablations ab, int layer, INDArray q, INDArray k, INDArray v, float[] alpha, float[] write, int hkv, int g,
                       int m, int dk, int dv, int active, LayerProbe probe, INDArray k0, INDArray v0, INDArray out) {
        /** The n tokens from c0: writes their rows of {@code out} and carries k0, v0 past them. */
        void chunk(int c0, int n) {
            int hq = hkv * g;
            INDArray qc = q.get(interval(c0, c0 + n), all(), all()).reshape(n, hkv, g, dk)
                    .permute(1, 2, 0, 3).dup('c').reshape(hkv, g * n, dk);
            INDArray kc = k.get(interval(c0, c0 + n), all(), all()).permute(1, 0, 2).dup('c');
            INDArray vc = v.get(interval(c0, c0 + n), all(), all()).permute(1, 0, 2).dup('c');

            double[] cum = new double[hkv * n * m];
            float[] eg = new float[hkv * n * m];
            for (int h = 0; h < hkv; h++)
                for (int s = 0; s < n; s++)
                    for (int i = 0; i < m; i++) {
                        int dst = (h * n + s) * m + i;
                        double la = Math.log(Math.max(alpha[((c0 + s) * hkv + h) * m + i], Double.MIN_VALUE));
                        cum[dst] = (s == 0 ? 0 : cum[dst - m]) + la;
                        eg[dst] = (float) Math.exp(cum[dst]);
                    }
            INDArray eG = Nd4j.create(eg, new long[]{hkv, n, m}, 'c');
            INDArray decay = Nd4j.create(decay(cum, write, c0, hkv, n, m), new long[]{hkv, n, n, m}, 'c');
            INDArray decayB = decay.reshape(hkv * n, n, m); // batch (h, t)

            // pass 1: z as [Hkv, G, n, M]
            INDArray z = Nd4j.matmul(qc, k0, false, true, false).reshape(hkv, g, n, m).muli(eG.reshape(hkv, 1, n, m));
            INDArray qk = Nd4j.matmul(qc, kc, false, true, false).reshape(hkv, g, n, n)
                    .permute(0, 2, 1, 3).dup('c').reshape(hkv * n, g, n);
            z.addi(Nd4j.matmul(qk, decayB).reshape(hkv, n, g, m).permute(0, 2, 1, 3));
            INDArray p = readout(ab.readout(), z.reshape(hkv * g * n, m), active, m).reshape(hkv, g, n, m);
            clamp(p);

            // pass 2
            INDArray pt = p.permute(0, 2, 1, 3).dup('c').reshape(hkv * n, g, m);
            INDArray b = Nd4j.matmul(pt, decayB, false, true, false).reshape(hkv, n, g, n)
                    .permute(0, 2, 1, 3).dup('c').reshape(hkv, g * n, n);
            INDArray o = Nd4j.matmul(b, vc);
            o.addi(Nd4j.matmul(p.mul(eG.reshape(hkv, 1, n, m)).reshape(hkv, g * n, m), v0));
            out.get(interval(c0, c0 + n), all(), all()).assign(o.reshape(hkv, g, n, dv).permute(2, 0, 1, 3).reshape(n, hq, dv));

            if (probe != null) {
                copy(z.permute(2, 0, 1, 3), probe.readoutLogits(), c0 * hq * m);
                copy(p.permute(2, 0, 1, 3), probe.readout(), c0 * hq * m);
                probeNorms(decay, eG, k0, kc, probe.keyNorm(), c0, hkv, n, m, dk);
                probeNorms(decay, eG, v0, vc, probe.valueNorm(), c0, hkv, n, m, dv);
            }

            // carry the state to the end of the chunk
            INDArray last = decay.get(all(), point(n - 1), all(), all()).dup('c'); // [Hkv, n(s), M]
            INDArray eLast = eG.get(all(), point(n - 1), all()).dup('c').reshape(hkv, m, 1);
            k0.assign(Nd4j.matmul(last, kc, true, false, false).addi(k0.mul(eLast)));
            v0.assign(Nd4j.matmul(last, vc, true, false, false).addi(v0.mul(eLast)));
        }

        /** p_t := e_M for every query head whose readout is clamped to slot M. */
        private void clamp(INDArray p) {
            for (int hh = 0; hh < hkv * g; hh++) {
                int slot = ab.interventions().clampedSlot(layer, hh);
                if (slot < 0) continue;
                INDArray rows = p.get(point(hh / g), point(hh % g), all(), all());
                rows.assign(0);
                rows.get(all(), point(slot)).assign(1);
            }
        }
    }

    /**
     * decay[h][t][s][m] = e^{G_t[m] − G_s[m]}·s_s[m] for s ≤ t, 0 above the diagonal. Built in Java over the lower
     * triangle only: ND4J's broadcast and pointwise ops on the [Hkv, n, n, M] tensor cost several times more.
     */
    private static float[] decay(double[] cum, float[] write, int c0, int hkv, int n, int m) {
        float[] out = new float[hkv * n * n * m];
        for (int h = 0; h < hkv; h++)
            for (int a = 0; a < n; a++) {
                int ga = (h * n + a) * m;
                for (int s = 0; s <= a; s++) {
                    int gs = (h * n + s) * m, o = ((h * n + a) * n + s) * m, w = ((c0 + s) * hkv + h) * m;
                    for (int i = 0; i < m; i++) out[o + i] = (float) Math.exp(cum[ga + i] - cum[gs + i]) * write[w + i];
                }
            }
        return out;
    }

    /** p over the first {@code active} slots of each row of z [R, M]; the rest get 0. Non-softmax readouts are Σ|f|-normalised. */
    static INDArray readout(Readout kind, INDArray z, int active, int m) {
        INDArray zs = active == m ? z : z.get(all(), interval(0, active)).dup('c');
        INDArray p;
        if (kind == Readout.SOFTMAX) {
            p = Nd4j.exec(new SoftMax(zs, zs.ulike(), 1))[0];
        } else {
            p = switch (kind) {
                case SWISH -> Nd4jOps.silu(zs.dup('c'));
                case RELU -> Transforms.relu(zs, true);
                case RELU2 -> {
                    INDArray r = Transforms.relu(zs, true);
                    yield r.muli(r);
                }
                case SOFTMAX -> throw new AssertionError();
            };
            INDArray norm = Transforms.abs(p, true).sum(1);
            Transforms.max(norm, 1e-6, false);
            p.diviColumnVector(norm.reshape(norm.length(), 1));
        }
        if (active == m) return p;
        INDArray full = Nd4j.zeros(DataType.FLOAT, z.size(0), m);
        full.get(all(), interval(0, active)).assign(p);
        return full;
    }

    /** Slot row norms after each token: K̃_t[m] = e^{G_t[m]}·K̃₀[m] + Σ_s decay[t,s,m]·k̂_s, formed only when probed. */
    private static void probeNorms(INDArray decay, INDArray eG, INDArray mem0, INDArray x, float[] dst, int c0,
                                   int hkv, int n, int m, int d) {
        INDArray dT = decay.permute(0, 1, 3, 2).dup('c').reshape(hkv, n * m, n);
        INDArray rows = Nd4j.matmul(dT, x).reshape(hkv, n, m, d)
                .addi(eG.reshape(hkv, n, m, 1).mul(mem0.reshape(hkv, 1, m, d)));
        copy(rows.norm2(3).permute(1, 0, 2), dst, c0 * hkv * m);
    }

    private static void copy(INDArray a, float[] dst, int off) {
        float[] src = a.dup('c').data().asFloat();
        System.arraycopy(src, 0, dst, off, src.length);
    }
}
