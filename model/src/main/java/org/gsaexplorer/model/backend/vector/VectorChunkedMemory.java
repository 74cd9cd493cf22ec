package org.gsaexplorer.model.backend.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.ablation.Readout;
import org.gsaexplorer.model.backend.reference.PrefillMemory;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.ops.SlotMemory;
import org.gsaexplorer.model.ops.SlotReadout;
import org.gsaexplorer.model.probe.LayerProbe;

import java.util.Arrays;

/**
 * The chunked two-pass form of docs/gsa-forward.md §5 (the plain version is the reference's ChunkedSlotMemory),
 * with Vector API loops, kv heads spread over the {@link WorkerPool} and each chunk's working set small enough for
 * the core's caches. Per chunk and kv head, with K̃₀, Ṽ₀ the state entering it, the tokens t are taken in order and
 * carry
 * <pre>
 *   P_t[m]    = Π_{r≤t} α_r[m]                     the decay of the entering state
 *   D_t[s][m] = s_s[m]·Π_{s<r≤t} α_r[m],  s ≤ t     the decay-and-write tensor's row t
 * </pre>
 * each by one multiply per (s, m) from the token before: P_t = α_t·P_{t−1}, D_t[s] = α_t·D_{t−1}[s], D_t[t] = s_t.
 * These are e^{G_t} and e^{G_t − G_s}·s_s of §5 formed as the recurrence forms them, without an exp per pair; both
 * factors stay in [0, 1] (nothing like e^{−G} that could overflow, §8.16), a closed gate gives an exact 0, and the
 * rounding is the recurrent form's (one fp32 multiply per token). Then, per query head of the group,
 * <pre>
 *   z_t = P_t ⊙ (q̂_t·K̃₀ᵀ) + Σ_{s≤t} ⟨q̂_t, k̂_s⟩·D_t[s]            p_t = readout(z_t)
 *   o_t = (p_t ⊙ P_t)·Ṽ₀ + Σ_{s≤t} ⟨p_t, D_t[s]⟩·v̂_s
 * </pre>
 * and the state leaves as K̃[m] = P_n[m]·K̃₀[m] + Σ_s D_n[s][m]·k̂_s (Ṽ likewise). Every product is a row of one
 * operand times a row-major matrix ({@link #addRowTimes}), so no lane reductions are needed: D is kept in both
 * layouts, [s][m] for the scores and the key update, [m][s] for the read and the value update, and a head's key slots
 * stay transposed while its chunks run. The softmax takes its exps a vector at a time; the ablated and clamped
 * readouts go through SlotReadout.
 */
public final class VectorChunkedMemory implements PrefillMemory {
    private static final VectorSpecies<Float> F = Widen.F;
    private static final int L = F.length();

    private final WorkerPool pool;
    private final int chunk;

    /** Chunks of {@code chunk} tokens, kv heads spread over {@code pool}. */
    public VectorChunkedMemory(WorkerPool pool, int chunk) {
        this.pool = pool;
        this.chunk = chunk;
    }

    @Override
    public void forward(GsaConfig c, Ablations ab, int layer, float[] key, float[] value, float[] q, float[] k, float[] v,
                        float[] alpha, float[] write, int t, float[] z, float[] p, float[] o, LayerProbe probe) {
        Run run = new Run(c, ab, layer, key, value, q, k, v, alpha, write, t, z, p, o, probe);
        pool.run(c.numKvHeads(), 1, (from, to) -> {
            Scratch s = new Scratch(c, chunk);
            for (int h = from; h < to; h++) run.head(h, s);
        });
    }

    /** One thread's buffers, sized for one chunk of one kv head. */
    private static final class Scratch {
        final float[] kT, k0T, d, dT, decay, a, b, u;

        Scratch(GsaConfig c, int n) {
            int m = c.numSlots(), dk = c.headKDim();
            kT = new float[dk * n];      // this chunk's k̂ transposed, [dk][n]
            k0T = new float[dk * m];     // the key slots transposed, [dk][M]
            d = new float[n * m];        // D_t, [s][M]
            dT = new float[m * n];       // D_t, [M][s]
            decay = new float[m];        // P_t
            a = new float[n];            // ⟨q̂_t, k̂_s⟩
            b = new float[n];            // ⟨p_t, D_t[s]⟩
            u = new float[m];            // p_t ⊙ P_t
        }
    }

    /** One layer's call: its arrays and sizes. */
    private final class Run {
        final GsaConfig c;
        final Ablations ab;
        final int layer, t, hq, hkv, m, g, dk, dv, active;
        final float[] key, value, q, k, v, alpha, write, z, p, o;
        final LayerProbe probe;

        Run(GsaConfig c, Ablations ab, int layer, float[] key, float[] value, float[] q, float[] k, float[] v,
            float[] alpha, float[] write, int t, float[] z, float[] p, float[] o, LayerProbe probe) {
            this.c = c;
            this.ab = ab;
            this.layer = layer;
            this.key = key;
            this.value = value;
            this.q = q;
            this.k = k;
            this.v = v;
            this.alpha = alpha;
            this.write = write;
            this.t = t;
            this.z = z;
            this.p = p;
            this.o = o;
            this.probe = probe;
            hq = c.numHeads();
            hkv = c.numKvHeads();
            m = c.numSlots();
            g = c.groups();
            dk = c.headKDim();
            dv = c.headVDim();
            active = ab.activeSlots(m);
        }

        /** Kv head h over all chunks; its key slots are kept transposed meanwhile, so no chunk transposes them. */
        void head(int h, Scratch s) {
            transpose(key, h * m * dk, m, dk, s.k0T);
            for (int c0 = 0; c0 < t; c0 += chunk) {
                int n = Math.min(chunk, t - c0);
                if (probe != null) probeNorms(h, c0, n, s);
                enter(h, c0, n, s);
                for (int i = 0; i < n; i++) {
                    advanceDecays(h, c0, i, n, s);
                    for (int hh = h * g; hh < (h + 1) * g; hh++) token(h, hh, c0, i, n, s);
                }
                leave(h, c0, n, s);
            }
            for (int i = 0; i < m; i++)
                for (int j = 0; j < dk; j++) key[h * m * dk + i * dk + j] = s.k0T[j * m + i];
        }

        /** Transposes the chunk's keys; P₀ = 1. */
        private void enter(int h, int c0, int n, Scratch s) {
            for (int i = 0; i < n; i++) {
                int kr = ((c0 + i) * hkv + h) * dk;
                for (int j = 0; j < dk; j++) s.kT[j * n + i] = k[kr + j];
            }
            Arrays.fill(s.decay, 1f);
        }

        /** Token i of the chunk: P ← α_i·P, D[s] ← α_i·D[s] for s &lt; i, D[i] = s_i (both layouts). */
        private void advanceDecays(int h, int c0, int i, int n, Scratch s) {
            int gOff = ((c0 + i) * hkv + h) * m;
            scale(s.decay, 0, alpha, gOff, m);
            for (int r = 0; r < i; r++) scale(s.d, r * m, alpha, gOff, m);
            for (int mm = 0; mm < m; mm++) {
                scale(s.dT, mm * n, i, alpha[gOff + mm]);
                s.dT[mm * n + i] = write[gOff + mm];
            }
            System.arraycopy(write, gOff, s.d, i * m, m);
        }

        /** Scores, readout and read of query head hh at token i of the chunk. */
        private void token(int h, int hh, int c0, int i, int n, Scratch s) {
            int tok = c0 + i, qr = (tok * hq + hh) * dk, zOff = (tok * hq + hh) * m, oOff = (tok * hq + hh) * dv;
            Arrays.fill(z, zOff, zOff + m, 0f);
            addRowTimes(q, qr, dk, s.k0T, 0, m, m, z, zOff);
            for (int mm = 0; mm < m; mm++) z[zOff + mm] *= s.decay[mm];
            Arrays.fill(s.a, 0, i + 1, 0f);
            addRowTimes(q, qr, dk, s.kT, 0, n, i + 1, s.a, 0);
            addRowTimes(s.a, 0, i + 1, s.d, 0, m, m, z, zOff);
            int clamp = ab.interventions().clampedSlot(layer, hh);
            if (ab.readout() == Readout.SOFTMAX && clamp < 0) softmax(z, zOff, active, m, p);
            else SlotReadout.apply(ab.readout(), z, zOff, active, m, p, zOff, clamp);
            for (int mm = 0; mm < m; mm++) s.u[mm] = p[zOff + mm] * s.decay[mm];
            Arrays.fill(o, oOff, oOff + dv, 0f);
            addRowTimes(s.u, 0, m, value, h * m * dv, dv, dv, o, oOff);
            Arrays.fill(s.b, 0, i + 1, 0f);
            addRowTimes(p, zOff, m, s.dT, 0, n, i + 1, s.b, 0);
            addRowTimes(s.b, 0, i + 1, v, (c0 * hkv + h) * dv, hkv * dv, dv, o, oOff);
        }

        /**
         * The state after the chunk's last token: K̃[m] = P[m]·K̃₀[m] + Σ_s D[s][m]·k̂_s (kept transposed: row j of K̃ᵀ
         * gains the chunk's keys' column j times D), Ṽ[m] = P[m]·Ṽ₀[m] + Σ_s D[s][m]·v̂_s.
         */
        private void leave(int h, int c0, int n, Scratch s) {
            for (int j = 0; j < dk; j++) {
                scale(s.k0T, j * m, s.decay, 0, m);
                addRowTimes(s.kT, j * n, n, s.d, 0, m, m, s.k0T, j * m);
            }
            int vOff = h * m * dv;
            for (int mm = 0; mm < m; mm++) {
                scale(value, vOff + mm * dv, dv, s.decay[mm]);
                addRowTimes(s.dT, mm * n, n, v, (c0 * hkv + h) * dv, hkv * dv, dv, value, vOff + mm * dv);
            }
        }

        /** Slot row norms per token need the per-token state, which the chunked form never forms: step a scratch copy. */
        private void probeNorms(int h, int c0, int n, Scratch s) {
            float[] ks = new float[m * dk];
            transpose(s.k0T, 0, dk, m, ks);
            float[] vs = Arrays.copyOfRange(value, h * m * dv, (h + 1) * m * dv);
            for (int i = 0; i < n; i++) {
                int row = (c0 + i) * hkv + h, gOff = row * m;
                SlotMemory.update(ks, 0, vs, 0, m, dk, dv, alpha, write, gOff, k, row * dk, v, row * dv);
                SlotMemory.rowNorms(ks, 0, m, dk, probe.keyNorm(), gOff);
                SlotMemory.rowNorms(vs, 0, m, dv, probe.valueNorm(), gOff);
            }
        }
    }

    /**
     * Floating-point operations of {@link #forward} over {@code t} tokens of one layer in chunks of {@code chunk}: two per
     * multiply-add, one per decay multiply.
     */
    public static double flops(GsaConfig c, int t, int chunk) {
        double m = c.numSlots(), dk = c.headKDim(), dv = c.headVDim(), total = 0;
        for (int c0 = 0; c0 < t; c0 += chunk) {
            int n = Math.min(chunk, t - c0);
            for (int i = 0; i < n; i++) {
                int rows = i + 1;
                total += c.numKvHeads() * m * (1 + 2.0 * i);
                total += c.numHeads() * (2 * (m * dk + rows * dk + rows * m + m * dv + m * rows + rows * dv) + 2 * m);
            }
            total += c.numKvHeads() * (2.0 * n * m * (dk + dv) + m * (dk + dv));
        }
        return total;
    }

    /** x[xOff..+n) ⊙= a[aOff..+n). */
    static void scale(float[] x, int xOff, float[] a, int aOff, int n) {
        int j = 0;
        for (int bound = F.loopBound(n); j < bound; j += L)
            FloatVector.fromArray(F, x, xOff + j).mul(FloatVector.fromArray(F, a, aOff + j)).intoArray(x, xOff + j);
        for (; j < n; j++) x[xOff + j] *= a[aOff + j];
    }

    /** x[xOff..+n) *= a. */
    static void scale(float[] x, int xOff, int n, float a) {
        FloatVector av = FloatVector.broadcast(F, a);
        for (int j = 0; j < n; j += L) {
            VectorMask<Float> in = F.indexInRange(j, n);
            FloatVector.fromArray(F, x, xOff + j, in).mul(av).intoArray(x, xOff + j, in);
        }
    }

    /** out [cols][rows] = the transpose of x[off..] [rows][cols]. */
    static void transpose(float[] x, int off, int rows, int cols, float[] out) {
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) out[c * rows + r] = x[off + r * cols + c];
    }

    /**
     * p[off..+m) = the softmax of z[off..+active), max-subtracted, fp32, and 0 past {@code active}: SlotReadout's
     * softmax with the exps a vector at a time through {@link VectorExp} (the Vector API's own exp rounds differently
     * compiled than interpreted, which would make a run's numbers depend on the JIT's progress).
     */
    static void softmax(float[] z, int off, int active, int m, float[] p) {
        float top = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < active; j += L) {
            VectorMask<Float> in = F.indexInRange(j, active);
            top = Math.max(top, FloatVector.fromArray(F, z, off + j, in).reduceLanes(VectorOperators.MAX, in));
        }
        float total = 0f;
        for (int j = 0; j < active; j += L) {
            VectorMask<Float> in = F.indexInRange(j, active);
            FloatVector e = VectorExp.exp(FloatVector.fromArray(F, z, off + j, in).sub(top));
            e.intoArray(p, off + j, in);
            total += Lanes.sum(e, in);
        }
        for (int j = 0; j < active; j += L) {
            VectorMask<Float> in = F.indexInRange(j, active);
            FloatVector.fromArray(F, p, off + j, in).div(total).intoArray(p, off + j, in);
        }
        Arrays.fill(p, off + active, off + m, 0f);
    }

    /**
     * y[yOff + c] += Σ_{j<len} x[xOff + j]·b[bOff + j·ldb + c] for c &lt; cols: a row times a row-major matrix, each
     * broadcast x[j] feeding up to four vector multiply-adds into accumulators that stay in registers.
     */
    static void addRowTimes(float[] x, int xOff, int len, float[] b, int bOff, int ldb, int cols, float[] y, int yOff) {
        int c = 0;
        for (; c + 4 * L <= cols; c += 4 * L) {
            FloatVector a0 = FloatVector.fromArray(F, y, yOff + c), a1 = FloatVector.fromArray(F, y, yOff + c + L);
            FloatVector a2 = FloatVector.fromArray(F, y, yOff + c + 2 * L), a3 = FloatVector.fromArray(F, y, yOff + c + 3 * L);
            for (int j = 0, row = bOff + c; j < len; j++, row += ldb) {
                FloatVector xj = FloatVector.broadcast(F, x[xOff + j]);
                a0 = FloatVector.fromArray(F, b, row).fma(xj, a0);
                a1 = FloatVector.fromArray(F, b, row + L).fma(xj, a1);
                a2 = FloatVector.fromArray(F, b, row + 2 * L).fma(xj, a2);
                a3 = FloatVector.fromArray(F, b, row + 3 * L).fma(xj, a3);
            }
            a0.intoArray(y, yOff + c);
            a1.intoArray(y, yOff + c + L);
            a2.intoArray(y, yOff + c + 2 * L);
            a3.intoArray(y, yOff + c + 3 * L);
        }
        for (; c < cols; c += L) {
            VectorMask<Float> in = F.indexInRange(c, cols);
            FloatVector acc = FloatVector.fromArray(F, y, yOff + c, in);
            for (int j = 0, row = bOff + c; j < len; j++, row += ldb)
                acc = FloatVector.fromArray(F, b, row, in).fma(FloatVector.broadcast(F, x[xOff + j]), acc);
            acc.intoArray(y, yOff + c, in);
        }
    }
}
