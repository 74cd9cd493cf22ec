package org.gsaexplorer.model.backend.vector;

import org.gsaexplorer.model.backend.CpuWeights;
import org.gsaexplorer.model.backend.reference.PrefillMemory;
import org.gsaexplorer.model.backend.reference.ReferenceSession;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.ops.Activations;
import org.gsaexplorer.model.ops.FeatureMaps;
import org.gsaexplorer.model.ops.ForgetGate;
import org.gsaexplorer.model.ops.Matrix;
import org.gsaexplorer.model.ops.RmsNorm;
import org.gsaexplorer.model.ops.SlotReadout;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.LayerProbe;
import org.gsaexplorer.model.probe.ProbeSpec;

import java.util.Map;
import java.util.TreeMap;

/**
 * The vector backend's session. Runs of several tokens are the reference's forward pass over mapped matrices. A single
 * token (decode) runs the same equations in decode's own shape: buffers kept from token to token, so a step allocates
 * little beyond the logits it returns; one fork and join of the pool per group of products that share an input
 * ({@link RowGroup}: q, k, v, f; o; gate with up, fused with SwiGLU; down; the LM head); the slot memory's kv heads
 * split over the cores, each in two passes over its rows ({@link SlotStep}).
 */
public final class VectorSession extends ReferenceSession {
    private final CpuWeights w;
    private final WorkerPool pool;
    private final int d, hq, hkv, m, dk, dv, groups;
    private final float eps;
    private final float[] x, normed, q, k, v, f, alpha, write, z, p, o, normedHeads, sum, gate, up, logits;
    private final GemvInput hidden, heads, inner;
    private final RowGroup[] qkvf, oProj, swiGlu, down;
    private final RowGroup lmHead;
    /** The slot memory job over kv heads, and what it reads besides the buffers: set before each layer's run. */
    private final WorkerPool.Task slotHeads = this::slotHeads;
    private int slotLayer;
    private LayerProbe slotProbe;
    private float[] slotZ, slotP;

    public VectorSession(CpuWeights w, String backendName, PrefillMemory prefillMemory, WorkerPool pool) {
        super(w, backendName, prefillMemory);
        this.w = w;
        this.pool = pool;
        d = c.hiddenSize();
        hq = c.numHeads();
        hkv = c.numKvHeads();
        m = c.numSlots();
        dk = c.headKDim();
        dv = c.headVDim();
        groups = c.groups();
        eps = (float) c.normEps();
        x = new float[d];
        normed = new float[d];
        q = new float[c.keyDim()];
        k = new float[c.kvKeyDim()];
        v = new float[c.kvValueDim()];
        f = new float[hkv * m];
        alpha = new float[hkv * m];
        write = new float[hkv * m];
        z = new float[hq * m];
        p = new float[hq * m];
        o = new float[c.valueDim()];
        normedHeads = new float[c.valueDim()];
        sum = new float[d];
        gate = new float[c.intermediateSize()];
        up = new float[c.intermediateSize()];
        logits = new float[c.vocabSize()];
        hidden = new GemvInput(d);
        heads = new GemvInput(c.valueDim());
        inner = new GemvInput(c.intermediateSize());
        int layers = c.numLayers();
        qkvf = new RowGroup[layers];
        oProj = new RowGroup[layers];
        swiGlu = new RowGroup[layers];
        down = new RowGroup[layers];
        for (int l = 0; l < layers; l++) {
            CpuWeights.Layer lw = w.layers[l];
            qkvf[l] = RowGroup.of(pool, hidden, new MappedMatrix[]{mapped(lw.q()), mapped(lw.k()), mapped(lw.v()), mapped(lw.f())},
                    new float[][]{q, k, v, f});
            oProj[l] = RowGroup.of(pool, heads, new MappedMatrix[]{mapped(lw.o())}, new float[][]{sum});
            swiGlu[l] = RowGroup.swiGlu(pool, hidden, mapped(lw.gate()), mapped(lw.up()), gate, up);
            down[l] = RowGroup.of(pool, inner, new MappedMatrix[]{mapped(lw.down())}, new float[][]{sum});
        }
        lmHead = RowGroup.of(pool, hidden, new MappedMatrix[]{mapped(w.lmHead)}, new float[][]{logits});
    }

    /** The vector backend's weights are all mapped ({@link VectorBackend#load}). */
    private static MappedMatrix mapped(Matrix matrix) {
        return (MappedMatrix) matrix;
    }

    @Override
    protected ForwardResult forward(int[] ids, ProbeSpec probes, boolean chunked) {
        if (ids.length != 1) return super.forward(ids, probes, chunked);
        w.embeddings.row(ids[0], x, 0);
        Map<Integer, LayerProbe> recorded = new TreeMap<>();
        for (int l = 0; l < c.numLayers(); l++) {
            CpuWeights.Layer lw = w.layers[l];
            LayerProbe probe = probes.includes(l) ? LayerProbe.allocate(l, 1, hkv, hq, m) : null;
            attention(l, lw, probe);
            mlp(l, lw);
            if (probe != null) recorded.put(l, probe);
        }
        RmsNorm.apply(x, 0, d, w.finalNorm, eps, normed, 0);
        hidden.set(normed, 0);
        lmHead.run();
        return advance(ids, logits.clone(), recorded);
    }

    private void attention(int l, CpuWeights.Layer lw, LayerProbe probe) {
        RmsNorm.apply(x, 0, d, lw.attnNorm(), eps, normed, 0);
        hidden.set(normed, 0);
        qkvf[l].run();
        if (c.useShortConv()) convolve(l, lw, q, k, v, 1);
        FeatureMaps.apply(q, 1, hq, dk, c.featureMap(), ablations.featureMap(), lw.t2r());
        FeatureMaps.apply(k, 1, hkv, dk, c.featureMap(), ablations.featureMap(), lw.t2r());
        Activations.siluInPlace(v, 0, v.length);
        ForgetGate.fill(f, 1, c, l, position, ablations, alpha, write);
        slotLayer = l;
        slotProbe = probe;
        slotZ = probe != null ? probe.readoutLogits() : z;
        slotP = probe != null ? probe.readout() : p;
        if ((long) hkv * m * (dk + dv) < MappedMatrix.PARALLEL_WORK) slotHeads(0, hkv);
        else pool.run(hkv, 1, slotHeads);
        slotProbe = null;
        if (probe != null) {
            System.arraycopy(alpha, 0, probe.alpha(), 0, alpha.length);
            System.arraycopy(write, 0, probe.write(), 0, write.length);
        }
        ablations.interventions().zeroHeads(l, 1, hq, dv, o);
        Activations.siluInPlace(o, 0, o.length);
        RmsNorm.apply(o, 0, c.valueDim(), lw.gNorm(), (float) GsaConfig.G_NORM_EPS, normedHeads, 0);
        heads.set(normedHeads, 0);
        oProj[l].run();
        for (int i = 0; i < d; i++) x[i] += sum[i];
    }

    /** Kv heads [from, to) of the slot memory: write and score, read out each query head of the group, write and read. */
    private void slotHeads(int from, int to) {
        int l = slotLayer, active = ablations.activeSlots(m);
        LayerProbe probe = slotProbe;
        for (int h = from; h < to; h++) {
            int first = h * groups; // the group's first query head
            SlotStep.keys(keySlots[l], h * m * dk, m, dk, alpha, write, h * m, k, h * dk, q, first * dk, groups, slotZ, first * m,
                    probe != null ? probe.keyNorm() : null, h * m);
            for (int hh = first; hh < first + groups; hh++)
                SlotReadout.apply(ablations.readout(), slotZ, hh * m, active, m, slotP, hh * m, ablations.interventions().clampedSlot(l, hh));
            SlotStep.values(valueSlots[l], h * m * dv, m, dv, alpha, write, h * m, v, h * dv, slotP, first * m, active, groups, o, first * dv,
                    probe != null ? probe.valueNorm() : null, h * m);
        }
    }

    private void mlp(int l, CpuWeights.Layer lw) {
        RmsNorm.apply(x, 0, d, lw.mlpNorm(), eps, normed, 0);
        hidden.set(normed, 0);
        swiGlu[l].run();
        inner.set(gate, 0);
        down[l].run();
        for (int i = 0; i < d; i++) x[i] += sum[i];
    }
}
