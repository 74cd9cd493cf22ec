package org.gsaexplorer.model.backend.reference;

import org.gsaexplorer.model.backend.CpuSession;
import org.gsaexplorer.model.backend.CpuWeights;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.ops.Activations;
import org.gsaexplorer.model.ops.FeatureMaps;
import org.gsaexplorer.model.ops.ForgetGate;
import org.gsaexplorer.model.ops.RmsNorm;
import org.gsaexplorer.model.ops.ShortConv;
import org.gsaexplorer.model.ops.SlotMemory;
import org.gsaexplorer.model.ops.SlotReadout;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.LayerProbe;
import org.gsaexplorer.model.probe.ProbeSpec;

import java.util.Map;
import java.util.TreeMap;

/**
 * Reference forward pass (docs/gsa-forward.md §3–5). {@link #step} runs the slot memory token by token;
 * {@link #prefill} runs it through a {@link PrefillMemory}, the reference's being the two-pass chunked form in chunks
 * of {@link #CHUNK} tokens, which touches the state once per chunk. Everything outside the slot memory is shared by
 * the two. A backend may give single tokens a forward of its own by overriding {@link #forward} and leaving runs of
 * several tokens to this one.
 */
public class ReferenceSession extends CpuSession {
    static final int CHUNK = 64;
    /** The reference's prefill slot memory. */
    public static final PrefillMemory CHUNKED = new ChunkedSlotMemory(CHUNK);

    private final CpuWeights w;
    private final String backendName;
    private final PrefillMemory prefillMemory;

    /**
     * A session over {@code w}, whose matrices decide how the projections are computed and whose prefill runs the
     * slot memory through {@code prefillMemory}; named after its backend.
     */
    public ReferenceSession(CpuWeights w, String backendName, PrefillMemory prefillMemory) {
        super(w.config);
        this.w = w;
        this.backendName = backendName;
        this.prefillMemory = prefillMemory;
    }

    @Override public String backendName() { return backendName; }

    @Override
    protected ForwardResult forward(int[] ids, ProbeSpec probes, boolean chunked) {
        int t = ids.length, d = c.hiddenSize();
        float[] x = new float[t * d];
        for (int i = 0; i < t; i++) w.embeddings.row(ids[i], x, i * d);
        Map<Integer, LayerProbe> recorded = new TreeMap<>();
        for (int l = 0; l < c.numLayers(); l++) {
            CpuWeights.Layer lw = w.layers[l];
            LayerProbe probe = probes.includes(l) ? LayerProbe.allocate(l, t, c.numKvHeads(), c.numHeads(), c.numSlots()) : null;
            float[] a = attention(l, lw, RmsNorm.rows(x, t, d, lw.attnNorm(), (float) c.normEps()), t, chunked, probe);
            for (int i = 0; i < x.length; i++) x[i] += a[i];
            float[] m = mlp(lw, RmsNorm.rows(x, t, d, lw.mlpNorm(), (float) c.normEps()), t);
            for (int i = 0; i < x.length; i++) x[i] += m[i];
            if (probe != null) recorded.put(l, probe);
        }
        float[] h = RmsNorm.rows(x, t, d, w.finalNorm, (float) c.normEps());
        float[] logits = w.lmHead.times(h, t);
        return advance(ids, logits, recorded);
    }

    private float[] mlp(CpuWeights.Layer lw, float[] h, int t) {
        float[] g = lw.gate().times(h, t);
        float[] u = lw.up().times(h, t);
        for (int i = 0; i < g.length; i++) g[i] = Activations.silu(g[i]) * u[i];
        return lw.down().times(g, t);
    }

    private float[] attention(int l, CpuWeights.Layer lw, float[] h, int t, boolean chunked, LayerProbe probe) {
        int hq = c.numHeads(), hkv = c.numKvHeads(), m = c.numSlots();
        int dk = c.headKDim(), dv = c.headVDim();
        float[] q = lw.q().times(h, t);
        float[] k = lw.k().times(h, t);
        float[] v = lw.v().times(h, t);
        float[] f = lw.f().times(h, t);
        if (c.useShortConv()) convolve(l, lw, q, k, v, t);
        FeatureMaps.apply(q, t, hq, dk, c.featureMap(), ablations.featureMap(), lw.t2r());
        FeatureMaps.apply(k, t, hkv, dk, c.featureMap(), ablations.featureMap(), lw.t2r());
        Activations.siluInPlace(v, 0, v.length);
        float[] alpha = new float[t * hkv * m], write = new float[t * hkv * m];
        ForgetGate.fill(f, t, c, l, position, ablations, alpha, write);
        float[] o = new float[t * hq * dv];
        float[] z = probe != null ? probe.readoutLogits() : new float[t * hq * m];
        float[] p = probe != null ? probe.readout() : new float[t * hq * m];
        if (chunked) {
            prefillMemory.forward(c, ablations, l, keySlots[l], valueSlots[l], q, k, v, alpha, write, t, z, p, o, probe);
        } else {
            recurrent(l, q, k, v, alpha, write, t, z, p, o, probe);
        }
        if (probe != null) {
            System.arraycopy(alpha, 0, probe.alpha(), 0, alpha.length);
            System.arraycopy(write, 0, probe.write(), 0, write.length);
        }
        ablations.interventions().zeroHeads(l, t, hq, dv, o);
        Activations.siluInPlace(o, 0, o.length);
        float[] normed = RmsNorm.rows(o, t, c.valueDim(), lw.gNorm(), (float) GsaConfig.G_NORM_EPS);
        return lw.o().times(normed, t);
    }

    /** The recurrence of §4, token by token: write, then score, read out, read. */
    private void recurrent(int l, float[] q, float[] k, float[] v, float[] alpha, float[] write, int t,
                           float[] z, float[] p, float[] o, LayerProbe probe) {
        int hq = c.numHeads(), hkv = c.numKvHeads(), m = c.numSlots(), g = c.groups();
        int dk = c.headKDim(), dv = c.headVDim(), active = ablations.activeSlots(m);
        float[] key = keySlots[l], value = valueSlots[l];
        for (int s = 0; s < t; s++) {
            for (int h = 0; h < hkv; h++) {
                int gOff = (s * hkv + h) * m;
                SlotMemory.update(key, h * m * dk, value, h * m * dv, m, dk, dv, alpha, write, gOff,
                        k, (s * hkv + h) * dk, v, (s * hkv + h) * dv);
                if (probe != null) {
                    SlotMemory.rowNorms(key, h * m * dk, m, dk, probe.keyNorm(), gOff);
                    SlotMemory.rowNorms(value, h * m * dv, m, dv, probe.valueNorm(), gOff);
                }
            }
            for (int hh = 0; hh < hq; hh++) {
                int h = hh / g, zOff = (s * hq + hh) * m;
                SlotMemory.scores(key, h * m * dk, m, dk, q, (s * hq + hh) * dk, z, zOff);
                SlotReadout.apply(ablations.readout(), z, zOff, active, m, p, zOff, ablations.interventions().clampedSlot(l, hh));
                SlotMemory.read(value, h * m * dv, active, dv, p, zOff, o, (s * hq + hh) * dv);
            }
        }
    }

    /** Short conv on q, k, v with this layer's history (q, k, v blocks of the conv state, one after another). */
    protected final void convolve(int l, CpuWeights.Layer lw, float[] q, float[] k, float[] v, int t) {
        int hist = c.convSize() - 1;
        int cq = c.keyDim(), ck = c.kvKeyDim(), cv = c.kvValueDim();
        float[] st = conv[l];
        float[] sq = java.util.Arrays.copyOfRange(st, 0, cq * hist);
        float[] sk = java.util.Arrays.copyOfRange(st, cq * hist, (cq + ck) * hist);
        float[] sv = java.util.Arrays.copyOfRange(st, (cq + ck) * hist, st.length);
        ShortConv.forward(q, t, cq, lw.qConv(), c.convSize(), sq);
        ShortConv.forward(k, t, ck, lw.kConv(), c.convSize(), sk);
        ShortConv.forward(v, t, cv, lw.vConv(), c.convSize(), sv);
        System.arraycopy(sq, 0, st, 0, sq.length);
        System.arraycopy(sk, 0, st, cq * hist, sk.length);
        System.arraycopy(sv, 0, st, (cq + ck) * hist, sv.length);
    }
}
