package org.gsaexplorer.model.backend.nd4j;

import org.gsaexplorer.model.backend.CpuSession;
import org.gsaexplorer.model.RecurrentState;
import org.gsaexplorer.model.config.FeatureMap;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.ops.Activations;
import org.gsaexplorer.model.ops.ForgetGate;
import org.gsaexplorer.model.ops.Linear;
import org.gsaexplorer.model.ops.RmsNorm;
import org.gsaexplorer.model.ops.SlotMemory;
import org.gsaexplorer.model.ops.SlotReadout;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.LayerProbe;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.TreeMap;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

/**
 * A sequence on the ND4J backend. {@link #prefill} runs whole blocks of tokens as ND4J GEMMs and the batched chunked
 * slot memory ({@link Nd4jChunkedMemory}); {@link #step} runs one token with ND4J GEMMs into preallocated buffers and
 * the per-token work in Java, since each extra ND4J op would cost more than the arithmetic it does. The recurrent state
 * lives in Java arrays in the {@link RecurrentState} layout, so save/restore is a copy.
 * <p>
 * Native memory is released deterministically: ND4J frees an array's buffer only when its Java wrapper is collected,
 * so every array a prefill creates lives in one of this session's workspaces (reused run after run, freed by
 * {@link #close}) or is closed when the run ends, and the step buffers are closed with the session.
 */
final class Nd4jSession extends CpuSession {
    static final int CHUNK = 64;

    private final Nd4jModel model;
    private final MemoryWorkspace layerRuns = Nd4jMemory.newWorkspace("layer"), chunkRuns = Nd4jMemory.newWorkspace("chunk");

    // step buffers: ND4J arrays for GEMM inputs/outputs with FloatBuffer views of their memory, and Java scratch
    private final int cq, ck, cv, qkv, nProj;
    private final Gemv hidden, inner, proj, dOut, gateUp, logitsOut;
    private final float[] x, hn, projRow, q, k, v, f, alpha, write, z, p, o, gu, act, add, tmp;

    Nd4jSession(Nd4jModel model) {
        super(model.c);
        this.model = model;
        int d = c.hiddenSize(), hq = c.numHeads(), hkv = c.numKvHeads(), m = c.numSlots(), inter = c.intermediateSize();
        cq = c.keyDim();
        ck = c.kvKeyDim();
        cv = c.kvValueDim();
        qkv = cq + ck + cv;
        nProj = qkv + hkv * m;
        hidden = new Gemv(d);
        inner = new Gemv(inter);
        proj = new Gemv(nProj);
        dOut = new Gemv(d);
        gateUp = new Gemv(2 * inter);
        logitsOut = new Gemv(c.vocabSize());
        x = new float[d];
        hn = new float[d];
        projRow = new float[nProj];
        q = new float[cq];
        k = new float[ck];
        v = new float[cv];
        f = new float[hkv * m];
        alpha = new float[hkv * m];
        write = new float[hkv * m];
        z = new float[hq * m];
        p = new float[hq * m];
        o = new float[c.valueDim()];
        gu = new float[2 * inter];
        act = new float[inter];
        add = new float[d];
        tmp = new float[c.headKDim()];
    }

    /** A [1, n] ND4J row with a FloatBuffer view of its memory, so Java arrays move in and out without new objects. */
    private static final class Gemv {
        final INDArray row;
        final FloatBuffer buf;
        final int n;

        Gemv(int n) {
            this.n = n;
            row = Nd4j.create(DataType.FLOAT, 1, n);
            buf = row.data().asNioFloat();
        }

        void close() {
            row.close();
        }

        /** out = in·Wᵀ for W [out.n, n]. */
        void times(float[] in, INDArray w, Gemv out, float[] dst) {
            buf.put(0, in, 0, n);
            Nd4j.gemm(row, w, out.row, false, true, 1.0, 0.0);
            out.buf.get(0, dst, 0, out.n);
        }
    }

    @Override public String backendName() { return "nd4j"; }

    @Override
    public void close() {
        layerRuns.destroyWorkspace(true);
        chunkRuns.destroyWorkspace(true);
        for (Gemv b : new Gemv[]{hidden, inner, proj, dOut, gateUp, logitsOut}) b.close();
    }

    @Override
    protected ForwardResult forward(int[] ids, ProbeSpec probes, boolean many) {
        Map<Integer, LayerProbe> recorded = new TreeMap<>();
        float[] logits;
        if (many) {
            logits = prefillTokens(ids, probes, recorded);
        } else {
            logits = new float[c.vocabSize()];
            stepToken(ids[0], probes, recorded, logits);
        }
        return advance(ids, logits, recorded);
    }

    // ---------------------------------------------------------------- prefill: ND4J over all tokens

    /**
     * The residual stream [T, D] is the only array that lives across layers; each layer's work (and the logits) is
     * one cycle of the layer workspace, each chunk of the slot memory one cycle of the chunk workspace nested in it.
     * Native memory is so bounded by one layer's intermediates, however long the prompt or deep the model.
     */
    private float[] prefillTokens(int[] ids, ProbeSpec probes, Map<Integer, LayerProbe> recorded) {
        int t = ids.length, d = c.hiddenSize(), inter = c.intermediateSize();
        float eps = (float) c.normEps();
        float[] xa = new float[t * d];
        for (int i = 0; i < t; i++) System.arraycopy(model.embeddings, ids[i] * d, xa, i * d, d);
        try (INDArray xs = Nd4j.create(xa, new long[]{t, d}, 'c')) {
            for (int l = 0; l < c.numLayers(); l++) {
                Nd4jModel.Layer lw = model.layers[l];
                LayerProbe probe = probes.includes(l) ? LayerProbe.allocate(l, t, c.numKvHeads(), c.numHeads(), c.numSlots()) : null;
                try (MemoryWorkspace ignored = layerRuns.notifyScopeEntered()) {
                    xs.addi(attention(l, lw, Nd4jOps.rmsNorm(xs, lw.attnNormRow(), eps), t, probe));
                    INDArray g = Nd4jOps.rmsNorm(xs, lw.mlpNormRow(), eps).mmul(lw.gateUp().transpose());
                    INDArray a = Nd4jOps.silu(g.get(all(), interval(0, inter)).dup('c')).muli(g.get(all(), interval(inter, 2 * inter)));
                    xs.addi(a.mmul(lw.down().transpose()));
                }
                if (probe != null) recorded.put(l, probe);
            }
            try (MemoryWorkspace ignored = layerRuns.notifyScopeEntered()) {
                INDArray logits = Nd4jOps.rmsNorm(xs, model.finalNormRow, eps).mmul(model.lmHead.transpose());
                return logits.dup('c').data().asFloat();
            }
        }
    }

    private INDArray attention(int l, Nd4jModel.Layer lw, INDArray h, int t, LayerProbe probe) {
        int hq = c.numHeads(), hkv = c.numKvHeads(), m = c.numSlots(), dk = c.headKDim(), dv = c.headVDim();
        INDArray pr = h.mmul(lw.qkvf().transpose());
        INDArray qkvRows = pr.get(all(), interval(0, qkv)).dup('c');
        if (c.useShortConv()) qkvRows = convolve(l, lw, qkvRows, t);
        FeatureMap fm = c.featureMap(), override = ablations.featureMap();
        INDArray qs = Nd4jOps.featureMap(qkvRows.get(all(), interval(0, cq)).dup('c').reshape(t * hq, dk), fm, override, lw.t2rT());
        INDArray ks = Nd4jOps.featureMap(qkvRows.get(all(), interval(cq, cq + ck)).dup('c').reshape(t * hkv, dk), fm, override, lw.t2rT());
        INDArray vs = Nd4jOps.silu(qkvRows.get(all(), interval(cq + ck, qkv)).dup('c'));
        float[] gates = pr.get(all(), interval(qkv, nProj)).dup('c').data().asFloat();
        float[] al = new float[t * hkv * m], wr = new float[t * hkv * m];
        ForgetGate.fill(gates, t, c, l, position, ablations, al, wr);
        INDArray out = Nd4jChunkedMemory.forward(c, ablations, l, keySlots[l], valueSlots[l], qs.reshape(t, hq, dk),
                ks.reshape(t, hkv, dk), vs.reshape(t, hkv, dv), al, wr, t, CHUNK, probe, chunkRuns);
        if (probe != null) {
            System.arraycopy(al, 0, probe.alpha(), 0, al.length);
            System.arraycopy(wr, 0, probe.write(), 0, wr.length);
        }
        for (int hh = 0; hh < hq; hh++)
            if (ablations.interventions().zeroed(l, hh)) out.get(all(), interval(hh * dv, (hh + 1) * dv)).assign(0);
        INDArray normed = Nd4jOps.rmsNorm(Nd4jOps.silu(out), lw.gNormRow(), GsaConfig.G_NORM_EPS);
        return normed.mmul(lw.o().transpose());
    }

    /**
     * Short conv over the raw q|k|v columns [T, C] continuing from this layer's history: one broadcast multiply per tap
     * over the history-extended rows, then SiLU. The history keeps the last W−1 raw rows ([C][W−1], oldest first).
     */
    private INDArray convolve(int l, Nd4jModel.Layer lw, INDArray raw, int t) {
        int hist = c.convSize() - 1;
        INDArray ext = hist == 0 ? raw
                : Nd4j.concat(0, Nd4j.create(conv[l], new long[]{qkv, hist}, 'c').transpose().dup('c'), raw);
        INDArray y = Nd4j.zeros(DataType.FLOAT, t, qkv);
        for (int j = 0; j <= hist; j++)
            y.addi(ext.get(interval(j, j + t), all()).mulRowVector(lw.convTaps().getRow(j, true)));
        if (hist > 0) conv[l] = ext.get(interval(t, t + hist), all()).transpose().dup('c').data().asFloat();
        return Nd4jOps.silu(y);
    }

    // ---------------------------------------------------------------- step: one token, GEMMs in ND4J, the rest in Java

    private void stepToken(int id, ProbeSpec probes, Map<Integer, LayerProbe> recorded, float[] logits) {
        int d = c.hiddenSize(), hq = c.numHeads(), hkv = c.numKvHeads(), m = c.numSlots(), g = c.groups();
        int dk = c.headKDim(), dv = c.headVDim(), inter = c.intermediateSize(), active = ablations.activeSlots(m);
        float eps = (float) c.normEps();
        System.arraycopy(model.embeddings, id * d, x, 0, d);
        for (int l = 0; l < c.numLayers(); l++) {
            Nd4jModel.Layer lw = model.layers[l];
            LayerProbe probe = probes.includes(l) ? LayerProbe.allocate(l, 1, hkv, hq, m) : null;
            RmsNorm.apply(x, 0, d, lw.attnNorm(), eps, hn, 0);
            hidden.times(hn, lw.qkvf(), proj, projRow);
            if (c.useShortConv()) convStep(l, lw);
            System.arraycopy(projRow, 0, q, 0, cq);
            System.arraycopy(projRow, cq, k, 0, ck);
            System.arraycopy(projRow, cq + ck, v, 0, cv);
            System.arraycopy(projRow, qkv, f, 0, f.length);
            featureMapStep(q, hq, lw);
            featureMapStep(k, hkv, lw);
            Activations.siluInPlace(v, 0, cv);
            ForgetGate.fill(f, 1, c, l, position, ablations, alpha, write);
            float[] key = keySlots[l], value = valueSlots[l];
            float[] zs = probe != null ? probe.readoutLogits() : z, ps = probe != null ? probe.readout() : p;
            for (int h = 0; h < hkv; h++) {
                SlotMemory.update(key, h * m * dk, value, h * m * dv, m, dk, dv, alpha, write, h * m, k, h * dk, v, h * dv);
                if (probe != null) {
                    SlotMemory.rowNorms(key, h * m * dk, m, dk, probe.keyNorm(), h * m);
                    SlotMemory.rowNorms(value, h * m * dv, m, dv, probe.valueNorm(), h * m);
                }
            }
            for (int hh = 0; hh < hq; hh++) {
                int h = hh / g;
                SlotMemory.scores(key, h * m * dk, m, dk, q, hh * dk, zs, hh * m);
                SlotReadout.apply(ablations.readout(), zs, hh * m, active, m, ps, hh * m, ablations.interventions().clampedSlot(l, hh));
                SlotMemory.read(value, h * m * dv, active, dv, ps, hh * m, o, hh * dv);
            }
            if (probe != null) {
                System.arraycopy(alpha, 0, probe.alpha(), 0, alpha.length);
                System.arraycopy(write, 0, probe.write(), 0, write.length);
                recorded.put(l, probe);
            }
            ablations.interventions().zeroHeads(l, 1, hq, dv, o);
            Activations.siluInPlace(o, 0, o.length);
            RmsNorm.apply(o, 0, o.length, lw.gNorm(), (float) GsaConfig.G_NORM_EPS, hn, 0);
            hidden.times(hn, lw.o(), dOut, add);
            for (int i = 0; i < d; i++) x[i] += add[i];
            RmsNorm.apply(x, 0, d, lw.mlpNorm(), eps, hn, 0);
            hidden.times(hn, lw.gateUp(), gateUp, gu);
            for (int i = 0; i < inter; i++) act[i] = Activations.silu(gu[i]) * gu[inter + i];
            inner.times(act, lw.down(), dOut, add);
            for (int i = 0; i < d; i++) x[i] += add[i];
        }
        RmsNorm.apply(x, 0, d, model.finalNorm, eps, hn, 0);
        hidden.times(hn, model.lmHead, logitsOut, logits);
    }

    /** One token of the short conv: taps over the W−1 stored raw inputs and the new one, then shift the history. */
    private void convStep(int l, Nd4jModel.Layer lw) {
        int w = c.convSize(), hist = w - 1;
        float[] st = conv[l], taps = lw.conv();
        for (int ch = 0; ch < qkv; ch++) {
            int s0 = ch * hist, w0 = ch * w;
            float in = projRow[ch], acc = taps[w0 + hist] * in;
            for (int j = 0; j < hist; j++) acc += taps[w0 + j] * st[s0 + j];
            if (hist > 0) {
                System.arraycopy(st, s0 + 1, st, s0, hist - 1);
                st[s0 + hist - 1] = in;
            }
            projRow[ch] = Activations.silu(acc);
        }
    }

    /** φ on each head row of one token in place (t2r's learned map first). */
    private void featureMapStep(float[] a, int heads, Nd4jModel.Layer lw) {
        int dk = c.headKDim();
        FeatureMap pointwise = ablations.featureMap() != null ? ablations.featureMap() : c.featureMap();
        for (int h = 0; h < heads; h++) {
            int off = h * dk;
            if (c.featureMap() == FeatureMap.T2R) {
                Linear.matvec(lw.t2r(), dk, dk, a, off, tmp, 0);
                System.arraycopy(tmp, 0, a, off, dk);
            }
            for (int j = 0; j < dk; j++) a[off + j] = pointwise.apply(a[off + j]);
        }
    }
}
