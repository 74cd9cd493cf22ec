package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.backend.cuda.runtime.Driver;
import org.gsaexplorer.model.backend.cuda.runtime.KernelArgs;
import org.gsaexplorer.model.backend.cuda.runtime.SessionStream;
import org.gsaexplorer.model.config.FeatureMap;
import org.gsaexplorer.model.config.GsaConfig;

import java.lang.foreign.Arena;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

/**
 * The slot memory's launches, shared by decode and prefill: qkvf [t][stride] → o [t][Hq·dv]. Prep (conv, feature map,
 * gates with the ablations) and t2r, then the token-by-token scans key_scan → value_scan, their chunked form for
 * prefill (chunk_cum → chunk_state → chunk_carry → chunk_out, the same numbers up to fp32 summation order), or, for a
 * decode step, slot_o: the slot memory and o_proj in one launch. The targeted interventions add gate_edit after prep
 * (knockout, force-gate), a clamp table to the readout (clamp-readout) and zero_heads on o (zero-head).
 */
final class SlotMemory {
    /** Blocks per kv head in slot_o (SLOT_CLUSTER in slot_step.cu). */
    static final int SLOT_CLUSTER = 8;

    private final CudaModel model;
    private final GsaConfig c;
    private final DeviceWeights w;
    private final Kernels k;
    private final SessionStream ss;
    private final RowScratch rows;
    private final SlotState state;
    private final int stride, cf;
    private Ablations ablations = Ablations.NONE;
    private long decayTable;
    private final InterventionTables interventions;
    /** Absolute position of the first row of the next launches (the gate edits' token ranges are absolute). */
    int position;
    /** Prefill through the chunked kernels; false runs the token-by-token scans (the plain form the tests compare to). */
    boolean chunkedPrefill = true;
    private boolean fusedSlotStep;

    SlotMemory(CudaModel model, SessionStream ss, RowScratch rows, SlotState state) {
        this.model = model;
        this.c = model.config;
        this.w = model.weights;
        this.k = model.kernels;
        this.ss = ss;
        this.rows = rows;
        this.state = state;
        this.stride = DeviceWeights.stride(c);
        this.cf = c.numKvHeads() * c.numSlots();
        this.interventions = new InterventionTables(c, ss.drv);
    }

    Ablations ablations() {
        return ablations;
    }

    /** Takes {@code a} for the following launches, uploading its decay table (mean decay must be resolved first). */
    void setAblations(Ablations a) {
        if (a.meanDecay()) throw new GsaException("decay=mean must be resolved over a prompt before it is applied (MeanDecay.resolve)");
        a.check(c);
        Driver drv = ss.drv;
        if (a.decayTable() != null) {
            int n = c.numLayers() * cf;
            if (a.decayTable().length != n) throw new GsaException("decay table has " + a.decayTable().length + " entries, the model needs " + n);
            if (decayTable == 0) decayTable = drv.alloc(4L * n, "decay table");
            try (Arena t = Arena.ofConfined()) {
                drv.copyHtoD(decayTable, t.allocateFrom(JAVA_FLOAT, a.decayTable()), 4L * n);
            }
        }
        interventions.upload(a.interventions());
        this.ablations = a;
    }

    /** Whether the launches depend on the position (gate edits), so that a captured decode graph would not hold. */
    boolean positional() {
        return ablations.interventions().hasGateEdits();
    }

    /** knockout / force-gate: α and s of the edited slots of t rows of each sequence, after prep (all at one position). */
    private void gateEdits(int l, int batch, int t, ProbeLayout.SlotOut so) {
        int n = interventions.editCount(l);
        if (n == 0) return;
        long edits = interventions.edits(l);
        int pos0 = position;
        ss.launchBatched(k, "gate_edit", (t + 127) / 128, 1, batch, 128, 0, false,
                a -> a.ptr(so.alpha()).ptr(so.write()).i32(t).i32(pos0).ptr(edits).i32(n));
    }

    /** zero-head: the zeroed query heads' rows of o (t rows of every sequence of the batch), before the output norm. */
    private void zeroHeads(int l, int t) {
        long flags = interventions.zeroed(l);
        if (flags != 0) ss.launch(k, "zero_heads", t, 1, 256, 0, a -> a.ptr(rows.o).i32(t).ptr(flags));
    }

    /** Appends prep's arguments after qkvf and t: conv, gate outputs, feature map and the ablation switches. */
    KernelArgs prepArgs(int l, ProbeLayout.SlotOut so, KernelArgs a) {
        long conv = w.layers[l].conv();
        Ablations ab = ablations;
        float constDecay = ab.constantDecay() != null ? ab.constantDecay() : -1f;
        long table = ab.decayTable() != null ? decayTable + 4L * l * cf : 0;
        return a.ptr(conv).ptr(conv != 0 ? state.conv(l) : 0).i32(c.convSize()).ptr(so.alpha()).ptr(so.write())
                .f32((float) c.gateLogitNormalizer()).i32(c.featureMap() == FeatureMap.T2R ? -1 : pointwiseFeature())
                .i32(ab.activeSlots(c.numSlots())).i32(ab.noForget() ? 1 : 0).f32(constDecay).ptr(table);
    }

    private int pointwiseFeature() {
        FeatureMap model = c.featureMap();
        FeatureMap ab = ablations.featureMap();
        return KernelCodes.feature(ab != null ? ab : model == FeatureMap.T2R ? FeatureMap.RELU : model);
    }

    /** t2r's per-head matrix on the q and k rows of t rows (T2R models; the other feature maps are pointwise). */
    private void t2rRows(int l, int t) {
        if (c.featureMap() != FeatureMap.T2R) return;
        int bx = (c.headKDim() + 31) / 32 * 32, fm = pointwiseFeature();
        long t2r = w.layers[l].t2r();
        ss.launch(k, "t2r_rows", t * (c.numHeads() + c.numKvHeads()), 1, bx, 0, a -> a.ptr(rows.qkvf).ptr(t2r).i32(fm));
    }

    /**
     * Layer l's slot memory over {@code batch} sequences of t rows each, one after the other in the row buffers (each
     * kernel's grid plane z is a sequence).
     * @param withPrep false when the decode GEMV has already applied prep to qkvf
     */
    void run(int l, int batch, int t, ProbeLayout.SlotOut so, boolean withPrep) {
        DeviceWeights.Layer lw = w.layers[l];
        int m = c.numSlots();
        Ablations ab = ablations;
        int tSplit = lw.conv() != 0 ? 1 : Math.max(1, Math.min(t, 64));
        if (withPrep) ss.launchBatched(k, "prep", (stride + 127) / 128, tSplit, batch, 128, 0, false, a -> prepArgs(l, so, a.ptr(rows.qkvf).i32(t)));
        t2rRows(l, batch * t);
        gateEdits(l, batch, t, so);
        long clamp = interventions.clamp(l);
        long ks = state.keys(l), vs = state.values(l);
        long qkvf = rows.qkvf, gateCum = rows.gateCum, chunkKeys = rows.chunkKeys, chunkValues = rows.chunkValues, o = rows.o;
        if (t > 1 && chunkedPrefill) {
            int chunks = (t + chunkSize(c) - 1) / chunkSize(c);
            ss.launchBatched(k, "chunk_cum", chunks, (cf + 127) / 128, batch, 128, 0, false, a -> a.ptr(so.alpha()).ptr(gateCum).i32(t));
            int tiles = (c.headKDim() + 63) / 64 + (c.headVDim() + 63) / 64;
            ss.launchBatched(k, "chunk_state", chunks, c.numKvHeads() * tiles, batch, 256, 0, false, a -> a.ptr(qkvf).ptr(gateCum).ptr(so.write()).i32(t)
                    .ptr(chunkKeys).ptr(chunkValues));
            int entries = cf * (c.headKDim() + c.headVDim());
            ss.launchBatched(k, "chunk_carry", (entries + 255) / 256, 1, batch, 256, 0, false, a -> a.ptr(ks).ptr(vs).ptr(chunkKeys).ptr(chunkValues)
                    .ptr(gateCum).i32(t));
            if (so.probed())
                ss.launchBatched(k, "chunk_norms", (chunks * cf * 2 + 3) / 4, 1, batch, 128, 0, false, a -> a.ptr(chunkKeys).ptr(chunkValues).ptr(qkvf)
                        .i32(t).ptr(so.alpha()).ptr(so.write()).ptr(so.keyNorm()).ptr(so.valueNorm()));
            long zOut = so.probed() ? so.z() : 0;
            ss.launchBatched(k, "chunk_out", chunks, c.numHeads(), batch, 256, 4 * chunkOutFloats(c), false, a -> a.ptr(qkvf).ptr(gateCum).ptr(so.write())
                    .ptr(chunkKeys).ptr(chunkValues).i32(t).ptr(o).i32(KernelCodes.readout(ab.readout())).i32(ab.activeSlots(m))
                    .ptr(zOut).ptr(so.readout()).ptr(clamp));
            zeroHeads(l, batch * t);
            return;
        }
        // in a decode step the slot kernels follow kernels only; launched as dependents, each one's launch overlaps the
        // previous kernel (they wait for its results before touching memory)
        boolean dep = !withPrep && interventions.editCount(l) == 0;
        int scanBlocks = (cf * 32 + 127) / 128;
        ss.launchBatched(k, "key_scan", scanBlocks, 1, batch, 128, 0, dep, a -> a.ptr(ks).ptr(vs).ptr(qkvf).i32(t).ptr(so.alpha()).ptr(so.write())
                .ptr(so.z()).ptr(so.keyNorm()).ptr(so.valueNorm()));
        ss.launchBatched(k, "value_scan", c.numKvHeads(), (c.headVDim() + 31) / 32, batch, 128, 0, dep, a -> a.ptr(vs).ptr(qkvf).i32(t)
                .ptr(so.alpha()).ptr(so.write()).ptr(so.z()).ptr(o).i32(KernelCodes.readout(ab.readout())).i32(ab.activeSlots(m))
                .ptr(so.readout()).ptr(clamp));
        zeroHeads(l, batch * t);
    }

    /**
     * A decode step's slot memory and o_proj as one slot_o launch: HKV clusters step the slot memory while the GEMV
     * blocks stream o_proj's weights, then wait for o (see slot_step.cu).
     */
    void stepWithOutput(int l, ProbeLayout.SlotOut so) {
        DeviceWeights.Layer lw = w.layers[l];
        t2rRows(l, 1);
        int d = c.hiddenSize(), vd = c.valueDim(), m = c.numSlots();
        int gemvBlocks = (GemvLaunch.grid(d, 1, vd, model.dev) + SLOT_CLUSTER - 1) / SLOT_CLUSTER * SLOT_CLUSTER;
        long ks = state.keys(l), vs = state.values(l), x = rows.x, qkvf = rows.qkvf, o = rows.o, ready = rows.ready;
        ss.launch(k, "slot_o_" + GemvLaunch.dtName(w.dt), c.numKvHeads() * SLOT_CLUSTER + gemvBlocks, 1, 256, GemvLaunch.shared(vd), true,
                SLOT_CLUSTER, a -> a.ptr(lw.o()).ptr(lw.gNorm()).f32((float) GsaConfig.G_NORM_EPS).ptr(x).i32(d).i32(vd).ptr(ks).ptr(vs)
                        .ptr(qkvf).ptr(so.alpha()).ptr(so.write()).ptr(o).i32(KernelCodes.readout(ablations.readout()))
                        .i32(ablations.activeSlots(m)).ptr(so.probed() ? so.z() : 0).ptr(so.readout()).ptr(so.keyNorm())
                        .ptr(so.valueNorm()).ptr(ready + 16L * l));
    }

    /**
     * Whether decode runs the slot memory and o_proj as the one slot_o kernel (clusters, sm_90+, and value columns per
     * block ≤ 256, no targeted interventions) rather than key_scan → value_scan → o_proj.
     */
    boolean fusedStep() {
        return fusedSlotStep && ablations.interventions().isEmpty() && model.dev.clusters && (c.headVDim() + SLOT_CLUSTER - 1) / SLOT_CLUSTER <= 256;
    }

    /** Sets the option behind {@link #fusedStep}; returns whether it changed (decode graphs then no longer hold). */
    boolean useFusedSlotStep(boolean on) {
        boolean changed = on != fusedSlotStep;
        fusedSlotStep = on;
        return changed;
    }

    /** Tokens per chunk of the chunked prefill (CHUNK in chunk_prefill.cu). */
    static int chunkSize(GsaConfig c) {
        return c.numSlots() <= 64 ? 64 : 32;
    }

    /** Shared-memory floats of chunk_out (CHUNK_OUT_FLOATS in chunk_prefill.cu; the kernel traps if it gets less). */
    static int chunkOutFloats(GsaConfig c) {
        int ch = chunkSize(c), mp = c.numSlots() + 1, nr = c.numSlots() + ch;
        return 5 * ch * mp + ch * (ch + 1) + ch * 33 + nr * 33;
    }

    void free() {
        ss.drv.free(decayTable);
        interventions.free();
    }
}
