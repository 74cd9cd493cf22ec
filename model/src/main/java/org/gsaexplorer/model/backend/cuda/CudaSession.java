package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.GsaException;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.RecurrentState;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.backend.ResetSplit;
import org.gsaexplorer.model.backend.cuda.runtime.Cublas;
import org.gsaexplorer.model.backend.cuda.runtime.CudaDevice;
import org.gsaexplorer.model.backend.cuda.runtime.Driver;
import org.gsaexplorer.model.backend.cuda.runtime.KernelArgs;
import org.gsaexplorer.model.config.FeatureMap;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.LayerProbe;
import org.gsaexplorer.model.probe.ProbeSpec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One sequence on the GPU. Decode ({@link #step}) runs batch-1 GEMV kernels and is captured once per probe set into a
 * CUDA graph that is then replayed; prefill runs the projections as cuBLAS GEMMs over up to {@link #MAX_ROWS} tokens
 * at a time. Decode walks the slot memory token by token: the qkvf GEMV applies prep, then key_scan → value_scan, then
 * the o_proj GEMV (or, switched on, slot_o: the slot memory and o_proj in one launch; see {@link #useFusedSlotStep}).
 * Prefill runs its chunked form (prep → chunk_cum → chunk_state → chunk_carry → chunk_out), the same numbers up to fp32
 * summation order. The recurrent state stays on the GPU in the reference's layout ([Hkv][M][dk] per layer).
 */
public final class CudaSession implements GsaSession {
    static final int MAX_ROWS = 2048;

    private final CudaModel model;
    private final GsaConfig c;
    private final Driver drv;
    private final Kernels k;
    private final DeviceWeights w;
    private final Arena arena = Arena.ofShared();
    private final KernelArgs args = new KernelArgs(arena);
    private final MemorySegment stream;
    private final MemorySegment cublas;
    private final int stride, cf, zPerRow, layers;
    private final long keyBytes, valueBytes, convBytes;
    private final long keyState, valueState, convState;
    private final List<Long> scratchAllocs = new ArrayList<>();
    private final Map<String, MemorySegment[]> graphs = new HashMap<>();

    private Ablations ablations = Ablations.NONE;
    private long decayTable;
    private int position;

    // scratch for up to `rows` tokens; (re)allocated on demand, which invalidates captured graphs
    private int rows;
    private long ids, x, xn, qkvf, alpha, write, z, o, gu, hAct, logits;
    // the decode step's token, packed as gsa.cu's pack_best: written by the host or the previous step's LM head
    private long best;
    // slot_o's counters, 4 u32 per layer, zero between launches
    private long ready;
    // chunked prefill: chunk-local cumulative log-gates and per-chunk key / value states (none for decode-only scratch)
    private long gateCum, chunkKeys, chunkValues;

    /** Prefill through the chunked kernels; false runs the token-by-token scans (the plain form the tests compare to). */
    boolean chunkedPrefill = true;
    private boolean fusedSlotStep;
    private long probeBuf, probeCap;
    private MemorySegment pinned;
    // the decode graph's side branch that copies the probes to pinned memory while the later layers run (made on first use)
    private MemorySegment copyStream, probesDone, copyDone;

    CudaSession(CudaModel model) {
        this.model = model;
        this.c = model.config;
        this.drv = model.dev.driver;
        this.k = model.kernels;
        this.w = model.weights;
        this.layers = c.numLayers();
        this.stride = DeviceWeights.stride(c);
        this.cf = c.numKvHeads() * c.numSlots();
        this.zPerRow = c.numHeads() * c.numSlots();
        this.keyBytes = 4L * cf * c.headKDim();
        this.valueBytes = 4L * cf * c.headVDim();
        this.convBytes = c.useShortConv() ? 4L * (c.keyDim() + c.kvKeyDim() + c.kvValueDim()) * (c.convSize() - 1) : 0;
        this.stream = drv.createStream();
        MemorySegment handle = null;
        long ks = 0, vs = 0, cs = 0;
        try {
            handle = Cublas.get().createHandle(stream);
            ks = drv.alloc(keyBytes * layers, "key slots");
            vs = drv.alloc(valueBytes * layers, "value slots");
            cs = convBytes > 0 ? drv.alloc(convBytes * layers, "conv state") : 0;
        } catch (RuntimeException e) {
            drv.free(ks);
            drv.free(vs);
            if (handle != null) Cublas.get().destroyHandle(handle);
            drv.destroyStream(stream);
            arena.close();
            throw e;
        }
        this.cublas = handle;
        this.keyState = ks;
        this.valueState = vs;
        this.convState = cs;
        reset();
    }

    @Override public GsaConfig config() { return c; }
    @Override public String backendName() { return "cuda"; }
    @Override public Ablations ablations() { return ablations; }
    @Override public int position() { return position; }

    @Override
    public void setAblations(Ablations a) {
        if (a.meanDecay()) throw new GsaException("decay=mean must be resolved over a prompt before it is applied (MeanDecay.resolve)");
        model.dev.makeCurrent();
        if (a.decayTable() != null) {
            int n = layers * cf;
            if (a.decayTable().length != n) throw new GsaException("decay table has " + a.decayTable().length + " entries, the model needs " + n);
            if (decayTable == 0) decayTable = drv.alloc(4L * n, "decay table");
            try (Arena t = Arena.ofConfined()) {
                drv.copyHtoD(decayTable, t.allocateFrom(JAVA_FLOAT, a.decayTable()), 4L * n);
            }
        }
        this.ablations = a;
        dropGraphs(); // ablation switches are kernel arguments baked into the graphs
    }

    @Override
    public void reset() {
        model.dev.makeCurrent();
        zeroState();
        drv.sync(stream);
        position = 0;
    }

    private void zeroState() {
        drv.zeroAsync(keyState, keyBytes * layers, stream);
        drv.zeroAsync(valueState, valueBytes * layers, stream);
        if (convBytes > 0) drv.zeroAsync(convState, convBytes * layers, stream);
    }

    @Override
    public RecurrentState saveState() {
        model.dev.makeCurrent();
        drv.sync(stream);
        float[][] ks = new float[layers][], vs = new float[layers][], cs = new float[layers][];
        try (Arena t = Arena.ofConfined()) {
            MemorySegment buf = t.allocate(Math.max(keyBytes, Math.max(valueBytes, Math.max(convBytes, 4))), 16);
            for (int l = 0; l < layers; l++) {
                ks[l] = download(buf, keyState + l * keyBytes, keyBytes);
                vs[l] = download(buf, valueState + l * valueBytes, valueBytes);
                cs[l] = convBytes > 0 ? download(buf, convState + l * convBytes, convBytes) : new float[0];
            }
        }
        return new RecurrentState(position, ks, vs, cs);
    }

    private float[] download(MemorySegment buf, long src, long bytes) {
        drv.copyDtoH(buf, src, bytes);
        return buf.asSlice(0, bytes).toArray(JAVA_FLOAT);
    }

    @Override
    public void restoreState(RecurrentState s) {
        if (s.keySlots().length != layers || s.keySlots()[0].length * 4L != keyBytes || s.valueSlots()[0].length * 4L != valueBytes)
            throw new GsaException("saved state does not belong to this model (layer or slot sizes differ)");
        model.dev.makeCurrent();
        drv.sync(stream);
        try (Arena t = Arena.ofConfined()) {
            for (int l = 0; l < layers; l++) {
                drv.copyHtoD(keyState + l * keyBytes, t.allocateFrom(JAVA_FLOAT, s.keySlots()[l]), keyBytes);
                drv.copyHtoD(valueState + l * valueBytes, t.allocateFrom(JAVA_FLOAT, s.valueSlots()[l]), valueBytes);
                if (convBytes > 0) {
                    float[] cv = s.convState()[l];
                    if (cv == null || cv.length * 4L != convBytes) throw new GsaException("saved state has no matching conv history for layer " + l);
                    drv.copyHtoD(convState + l * convBytes, t.allocateFrom(JAVA_FLOAT, cv), convBytes);
                }
            }
        }
        position = s.position();
    }

    @Override
    public ForwardResult step(int id, ProbeSpec probes) {
        return run(new int[]{id}, probes, false);
    }

    @Override
    public ForwardResult prefill(int[] ids, ProbeSpec probes) {
        return run(ids, probes, true);
    }

    private ForwardResult run(int[] ids, ProbeSpec probes, boolean batched) {
        ResetSplit.checkIds(ids, c.vocabSize());
        model.dev.makeCurrent();
        return ResetSplit.run(ids, position, ablations.resetAt(), (piece, resetFirst) -> pieces(piece, probes, batched, resetFirst));
    }

    private ForwardResult pieces(int[] ids, ProbeSpec probes, boolean batched, boolean resetFirst) {
        if (resetFirst) zeroState();
        if (!batched || ids.length == 1) {
            List<ForwardResult> parts = new ArrayList<>();
            for (int id : ids) parts.add(decode(id, probes));
            return parts.size() == 1 ? parts.getFirst() : ForwardResult.concat(parts);
        }
        List<ForwardResult> parts = new ArrayList<>();
        for (int from = 0; from < ids.length; from += MAX_ROWS)
            parts.add(prefillPiece(Arrays.copyOfRange(ids, from, Math.min(ids.length, from + MAX_ROWS)), probes, true));
        return parts.size() == 1 ? parts.getFirst() : ForwardResult.concat(parts);
    }

    // ---------------------------------------------------------------------------------------------------------
    // decode: one token through the captured graph

    private ForwardResult decode(int id, ProbeSpec probes) {
        ensureRows(1);
        int[] pl = probes.layers();
        ensureProbes(pl.length, 1);
        MemorySegment exec = graph(pl);
        setToken(id);
        drv.launchGraph(exec, stream);
        drv.copyDtoHAsync(pinned.asSlice(16), logits, 4L * c.vocabSize(), stream);
        drv.sync(stream);
        return collect(new int[]{id}, pl, 1, pinned.asSlice(16), 1);
    }

    /** The next decode step's input token, packed as gsa.cu's pack_best (pinned bytes 0–7 until the stream syncs). */
    private void setToken(int id) {
        pinned.set(JAVA_LONG, 0, 0x8000_0000_0000_0000L | (~id & 0xFFFF_FFFFL));
        drv.copyHtoDAsync(best, pinned, 8, stream);
    }

    /** The token the last decode step chose greedily: the first index of its largest logit. */
    int greedyNext() {
        model.dev.makeCurrent();
        drv.copyDtoHAsync(pinned.asSlice(8, 8), best, 8, stream);
        drv.sync(stream);
        long p = pinned.get(JAVA_LONG, 8);
        return p == 0 ? 0 : (int) ~p;
    }

    /** The decode graph for this probe set, captured on first use (dropped before pinned memory is reallocated). */
    private MemorySegment graph(int[] probeLayers) {
        String key = Arrays.toString(probeLayers);
        MemorySegment[] g = graphs.get(key);
        if (g == null) {
            drv.beginCapture(stream);
            try {
                decodeKernels(probeLayers);
            } catch (RuntimeException e) {
                try {
                    drv.destroyGraph(drv.endCapture(stream), null);
                } catch (RuntimeException alreadyBroken) {
                    e.addSuppressed(alreadyBroken);
                }
                throw e;
            }
            MemorySegment graph = drv.endCapture(stream);
            g = new MemorySegment[]{graph, drv.instantiate(graph)};
            graphs.put(key, g);
        }
        return g[1];
    }

    /**
     * The launches of one decode step: the token packed in {@code best} is embedded, and the LM head
     * leaves the greedy next token packed there, so steps replay back to back without the host. The probes are copied
     * to pinned memory (after the logits' place) on the side stream, forked once the last probed layer's slot memory is
     * done and joined at the end: off the step's critical path (a copy at the end cost 1 % of a gsa-1.3b step).
     */
    void decodeKernels(int[] probeLayers) {
        int d = c.hiddenSize();
        float eps = (float) c.normEps();
        String dt = dtName();
        int inter = c.intermediateSize();
        int lastProbed = Arrays.stream(probeLayers).max().orElse(-1);
        launch("embed_token", 1, 1, 256, 0, a -> a.ptr(w.embed).i32(w.dt).ptr(best).ptr(x).i32(d));
        for (int l = 0; l < layers; l++) {
            DeviceWeights.Layer lw = w.layers[l];
            int layer = l;
            SlotOut so = slotOut(probeSlot(probeLayers, l), 1);
            gemv(dt + "_prep", false, lw.qkvf(), x, lw.attnNorm(), eps, qkvf, stride, d, a -> prepArgs(layer, so, a));
            if (fusedStep()) {
                slotStepAndOutput(l, so);
            } else {
                slotMemory(l, 1, so, false);
                gemv(dt + "_21", false, lw.o(), o, lw.gNorm(), (float) GsaConfig.G_NORM_EPS, x, d, c.valueDim(), a -> { });
            }
            if (l == lastProbed) {
                drv.record(probesDone, stream);
                drv.waitEvent(copyStream, probesDone);
                drv.copyDtoHAsync(pinned.asSlice(16 + 4L * c.vocabSize()), probeBuf, 4L * probeLayers.length * probeFloats(1), copyStream);
                drv.record(copyDone, copyStream);
            }
            gemv(dt + "_12", true, lw.gateUp(), x, lw.mlpNorm(), eps, gu, inter, d, a -> { });
            gemv(dt + "_01", false, lw.down(), gu, 0, 0f, x, d, inter, a -> { });
        }
        gemv(dt + "_best", false, w.lmHead, x, w.finalNorm, eps, logits, c.vocabSize(), d, a -> a.ptr(best));
        if (lastProbed >= 0) drv.waitEvent(stream, copyDone);
    }

    /**
     * y = W·u for one token, as a dependent launch that streams its first weights while the previous kernel finishes
     * (the kernel waits for its input); {@code extra} appends arguments (prep's, the LM head's).
     */
    private void gemv(String name, boolean swiglu, long weight, long in, long norm, float eps, long out, int rowsOut, int cols,
                      ArgFill extra) {
        int ks = gemvSplit(swiglu);
        extra.fill(args.reset().ptr(weight).ptr(in).ptr(norm).f32(eps).ptr(out).i32(rowsOut).i32(cols).i32(ks));
        k.launch("gemv_" + name, gemvGrid(rowsOut, ks, cols, model.dev), 1, 256, gemvShared(cols), stream, args, true);
    }

    /**
     * Warps per row of the batch-1 GEMV (1, 2, 4 or 8 of a 256-thread block). Measured over the whole decode step on an
     * H100 (gsa-1.3b, 4 blocks of 8 warps per SM): 4 for the SwiGLU GEMV, whose rows are two matrix rows (0.7 % faster
     * than 2, 3 % faster than 1); 1 for the others (qkvf: 1.3 % faster than 2; down, o_proj, lm_head: 1–2 %).
     */
    static int gemvSplit(boolean swiglu) {
        return swiglu ? 4 : 1;
    }

    /** Bytes of the GEMV's weight ring in shared memory: GEMV_RING in gsa.cu (8 warps × stages × vectors × 32 lanes × 16 B). */
    static final int GEMV_RING = 8 * Kernels.GEMV_STAGES * Kernels.GEMV_BATCH * 32 * 16;
    /** Static shared memory of a GEMV block and what the driver reserves per block, in bytes. */
    private static final int GEMV_STATIC = 384 + 1024;

    /** Dynamic shared memory of a GEMV block: the staged input (cols floats, rounded up to 4) and the weight ring. */
    static int gemvShared(int cols) {
        return 4 * ((cols + 3) & ~3) + GEMV_RING;
    }

    /**
     * GEMV blocks: one wave of resident 256-thread blocks striding over the rows, 4 per SM (the kernels' launch bounds)
     * or fewer where their shared memory does not fit four times.
     */
    static int gemvGrid(int rows, int ks, int cols, CudaDevice dev) {
        int groups = 8 / ks, perSm = Math.max(1, Math.min(Kernels.GEMV_BLOCKS_PER_SM, dev.smemPerSm / (gemvShared(cols) + GEMV_STATIC)));
        return Math.max(1, Math.min((rows + groups - 1) / groups, perSm * dev.smCount));
    }

    private String dtName() {
        return switch (w.dt) {
            case 0 -> "f32";
            case 1 -> "f16";
            default -> "bf16";
        };
    }

    // ---------------------------------------------------------------------------------------------------------
    // prefill: T tokens with GEMMs

    private ForwardResult prefillPiece(int[] tokens, ProbeSpec probes, boolean allLogits) {
        int t = tokens.length;
        ensureRows(t);
        int[] pl = probes.layers();
        ensureProbes(pl.length, t);
        long outBytes = 4L * (allLogits ? (long) t * c.vocabSize() : c.vocabSize()) + 4L * pl.length * probeFloats(t);
        ensurePinned(16 + outBytes);
        try (Arena tmp = Arena.ofConfined()) {
            drv.copyHtoDAsync(ids, tmp.allocateFrom(JAVA_INT, tokens), 4L * t, stream);
            prefillKernels(t, pl, allLogits);
            drv.sync(stream);
        }
        MemorySegment out = pinned.asSlice(16);
        int logitRows = allLogits ? t : 1;
        drv.copyDtoHAsync(out, logits, 4L * logitRows * c.vocabSize(), stream);
        if (pl.length > 0)
            drv.copyDtoHAsync(out.asSlice(4L * logitRows * c.vocabSize()), probeBuf, 4L * pl.length * probeFloats(t), stream);
        drv.sync(stream);
        return collect(tokens, pl, t, out, logitRows);
    }

    /** Prefill launches for t tokens already in ids; logits for all rows, or (allLogits false) only the last. */
    void prefillKernels(int t, int[] probeLayers, boolean allLogits) {
        int d = c.hiddenSize(), inter = c.intermediateSize();
        float eps = (float) c.normEps();
        Cublas blas = Cublas.get();
        launch("embed", t, 1, 256, 0, a -> a.ptr(w.embed).i32(w.dt).ptr(ids).ptr(x).i32(d));
        for (int l = 0; l < layers; l++) {
            DeviceWeights.Layer lw = w.layers[l];
            rmsRows(t, x, d, lw.attnNorm(), eps, false, xn);
            k.timed("gemm qkvf", stream, () -> blas.linear(cublas, lw.qkvf(), xn, qkvf, t, d, stride, w.dt, 0f));
            slotMemory(l, t, slotOut(probeSlot(probeLayers, l), t), true);
            rmsRows(t, o, c.valueDim(), lw.gNorm(), (float) GsaConfig.G_NORM_EPS, true, xn);
            k.timed("gemm o_proj", stream, () -> blas.linear(cublas, lw.o(), xn, x, t, c.valueDim(), d, w.dt, 1f));
            rmsRows(t, x, d, lw.mlpNorm(), eps, false, xn);
            k.timed("gemm gate_up", stream, () -> blas.linear(cublas, lw.gateUp(), xn, gu, t, d, 2 * inter, w.dt, 0f));
            launch("swiglu_rows", t, 1, 256, 0, a -> a.ptr(gu).i32(inter).ptr(hAct).i32(w.dt));
            k.timed("gemm down", stream, () -> blas.linear(cublas, lw.down(), hAct, x, t, inter, d, w.dt, 1f));
        }
        if (allLogits) {
            rmsRows(t, x, d, w.finalNorm, eps, false, xn);
            k.timed("gemm lm_head", stream, () -> blas.linear(cublas, w.lmHead, xn, logits, t, d, c.vocabSize(), w.dt, 0f));
        } else {
            gemv(dtName() + "_10", false, w.lmHead, x + 4L * (t - 1) * d, w.finalNorm, eps, logits, c.vocabSize(), d, a -> { });
        }
    }

    private void rmsRows(int t, long in, int width, long norm, float eps, boolean siluFirst, long out) {
        launch("rms_rows", t, 1, 256, 0, a -> a.ptr(in).i32(width).ptr(norm).f32(eps).i32(siluFirst ? 1 : 0).ptr(out).i32(w.dt));
    }

    // ---------------------------------------------------------------------------------------------------------
    // the slot memory, shared by decode and prefill: qkvf [t][stride] → o [t][Hq·dv]

    /** Appends prep's arguments after qkvf and t: conv, gate outputs, feature map and the ablation switches. */
    private KernelArgs prepArgs(int l, SlotOut so, KernelArgs a) {
        long conv = w.layers[l].conv();
        Ablations ab = ablations;
        float constDecay = ab.constantDecay() != null ? ab.constantDecay() : -1f;
        long table = ab.decayTable() != null ? decayTable + 4L * l * cf : 0;
        return a.ptr(conv).ptr(conv != 0 ? convState + l * convBytes : 0).i32(c.convSize()).ptr(so.alpha).ptr(so.write)
                .f32((float) c.gateLogitNormalizer()).i32(c.featureMap() == FeatureMap.T2R ? -1 : pointwiseFeature())
                .i32(ab.activeSlots(c.numSlots())).i32(ab.noForget() ? 1 : 0).f32(constDecay).ptr(table);
    }

    private int pointwiseFeature() {
        FeatureMap model = c.featureMap();
        FeatureMap ab = ablations.featureMap();
        return featureCode(ab != null ? ab : model == FeatureMap.T2R ? FeatureMap.RELU : model);
    }

    /**
     * Where a layer's slot kernels write for probeRows rows: gates, key and value slot norms, readout weights and scores.
     * Probed (slot ≥ 0, the layer's index in the probe buffer), all into its probe record; unprobed, the gates and scores
     * go to scratch and the rest nowhere (0).
     */
    private record SlotOut(boolean probed, long alpha, long write, long keyNorm, long valueNorm, long readout, long z) {}

    private SlotOut slotOut(int slot, int probeRows) {
        if (slot < 0) return new SlotOut(false, alpha, write, 0, 0, 0, z);
        long pBase = probeBuf + 4L * slot * probeFloats(probeRows);
        long kvN = (long) probeRows * cf, qN = (long) probeRows * zPerRow;
        return new SlotOut(true, pBase, pBase + 4 * kvN, pBase + 8 * kvN, pBase + 12 * kvN, pBase + 16 * kvN,
                pBase + 16 * kvN + 4 * qN);
    }

    /** t2r's per-head matrix on the q and k rows of t tokens (T2R models; the other feature maps are pointwise). */
    private void t2rRows(int l, int t) {
        if (c.featureMap() != FeatureMap.T2R) return;
        int bx = (c.headKDim() + 31) / 32 * 32, fm = pointwiseFeature();
        long t2r = w.layers[l].t2r();
        launch("t2r_rows", t * (c.numHeads() + c.numKvHeads()), 1, bx, 0, a -> a.ptr(qkvf).ptr(t2r).i32(fm));
    }

    /** @param withPrep false when the decode GEMV has already applied prep to qkvf */
    private void slotMemory(int l, int t, SlotOut so, boolean withPrep) {
        DeviceWeights.Layer lw = w.layers[l];
        int m = c.numSlots();
        Ablations ab = ablations;
        int tSplit = lw.conv() != 0 ? 1 : Math.max(1, Math.min(t, 64));
        if (withPrep) launch("prep", (stride + 127) / 128, tSplit, 128, 0, a -> prepArgs(l, so, a.ptr(qkvf).i32(t)));
        t2rRows(l, t);
        long ks = keyState + l * keyBytes, vs = valueState + l * valueBytes;
        if (t > 1 && chunkedPrefill) {
            int chunks = (t + chunkSize() - 1) / chunkSize();
            launch("chunk_cum", chunks, (cf + 127) / 128, 128, 0, a -> a.ptr(so.alpha).ptr(gateCum).i32(t));
            int tiles = (c.headKDim() + 63) / 64 + (c.headVDim() + 63) / 64;
            launch("chunk_state", chunks, c.numKvHeads() * tiles, 256, 0, a -> a.ptr(qkvf).ptr(gateCum).ptr(so.write).i32(t)
                    .ptr(chunkKeys).ptr(chunkValues));
            int entries = cf * (c.headKDim() + c.headVDim());
            launch("chunk_carry", (entries + 255) / 256, 1, 256, 0, a -> a.ptr(ks).ptr(vs).ptr(chunkKeys).ptr(chunkValues)
                    .ptr(gateCum).i32(t));
            if (so.probed)
                launch("chunk_norms", (chunks * cf * 2 + 3) / 4, 1, 128, 0, a -> a.ptr(chunkKeys).ptr(chunkValues).ptr(qkvf)
                        .i32(t).ptr(so.alpha).ptr(so.write).ptr(so.keyNorm).ptr(so.valueNorm));
            long zOut = so.probed ? so.z : 0;
            launch("chunk_out", chunks, c.numHeads(), 256, 4 * chunkOutFloats(), a -> a.ptr(qkvf).ptr(gateCum).ptr(so.write)
                    .ptr(chunkKeys).ptr(chunkValues).i32(t).ptr(o).i32(ab.readout().ordinal()).i32(ab.activeSlots(m))
                    .ptr(zOut).ptr(so.readout));
            return;
        }
        // in a decode step the slot kernels follow kernels only; launched as dependents, each one's launch overlaps the
        // previous kernel (they wait for its results before touching memory)
        boolean dep = !withPrep;
        int scanBlocks = (cf * 32 + 127) / 128;
        launch("key_scan", scanBlocks, 1, 128, 0, dep, a -> a.ptr(ks).ptr(vs).ptr(qkvf).i32(t).ptr(so.alpha).ptr(so.write)
                .ptr(so.z).ptr(so.keyNorm).ptr(so.valueNorm));
        launch("value_scan", c.numKvHeads(), (c.headVDim() + 31) / 32, 128, 0, dep, a -> a.ptr(vs).ptr(qkvf).i32(t)
                .ptr(so.alpha).ptr(so.write).ptr(so.z).ptr(o).i32(ab.readout().ordinal()).i32(ab.activeSlots(m))
                .ptr(so.readout));
    }

    /**
     * A decode step's slot memory and o_proj as one slot_o launch: HKV clusters step the slot memory while the GEMV
     * blocks stream o_proj's weights, then wait for o (see gsa.cu).
     */
    private void slotStepAndOutput(int l, SlotOut so) {
        DeviceWeights.Layer lw = w.layers[l];
        t2rRows(l, 1);
        int d = c.hiddenSize(), vd = c.valueDim(), m = c.numSlots();
        int gemvBlocks = (gemvGrid(d, 1, vd, model.dev) + SLOT_CLUSTER - 1) / SLOT_CLUSTER * SLOT_CLUSTER;
        long ks = keyState + l * keyBytes, vs = valueState + l * valueBytes;
        launch("slot_o_" + dtName(), c.numKvHeads() * SLOT_CLUSTER + gemvBlocks, 1, 256, gemvShared(vd), true, SLOT_CLUSTER,
                a -> a.ptr(lw.o()).ptr(lw.gNorm()).f32((float) GsaConfig.G_NORM_EPS).ptr(x).i32(d).i32(vd).ptr(ks).ptr(vs)
                        .ptr(qkvf).ptr(so.alpha).ptr(so.write).ptr(o).i32(ablations.readout().ordinal())
                        .i32(ablations.activeSlots(m)).ptr(so.probed ? so.z : 0).ptr(so.readout).ptr(so.keyNorm)
                        .ptr(so.valueNorm).ptr(ready + 16L * l));
    }

    /** Blocks per kv head in slot_o (SC in gsa.cu). */
    private static final int SLOT_CLUSTER = 8;

    /**
     * Whether decode runs the slot memory and o_proj as the one slot_o kernel (clusters, sm_90+, and value columns per
     * block ≤ 256) rather than key_scan → value_scan → o_proj.
     */
    private boolean fusedStep() {
        return fusedSlotStep && model.dev.clusters && (c.headVDim() + SLOT_CLUSTER - 1) / SLOT_CLUSTER <= 256;
    }

    /**
     * Decode through slot_o where the GPU allows it; off (the default), key_scan → value_scan → o_proj. On an H100
     * (gsa-1.3b) slot_o was 0.5–1 % faster until the GEMVs staged their norm weights before waiting, and is 0.4–1 %
     * slower since (3 % with every layer probed); CudaBench times both in every run, as the balance may turn again.
     */
    void useFusedSlotStep(boolean on) {
        if (on != fusedSlotStep) dropGraphs();
        fusedSlotStep = on;
    }

    /** Tokens per chunk of the chunked prefill: CH in gsa.cu. */
    private int chunkSize() {
        return c.numSlots() <= 64 ? 64 : 32;
    }

    /** Shared-memory floats of chunk_out: chunk_out_floats() in gsa.cu (the kernel traps if it gets less). */
    private int chunkOutFloats() {
        int ch = chunkSize(), mp = c.numSlots() + 1, nr = c.numSlots() + ch;
        return 5 * ch * mp + ch * (ch + 1) + ch * 33 + nr * 33;
    }

    static int featureCode(FeatureMap f) {
        return switch (f) {
            case SWISH -> 0;
            case RELU, T2R -> 1;
            case RELU2 -> 2;
            case IDENTITY -> 3;
        };
    }

    private static int probeSlot(int[] probeLayers, int l) {
        for (int i = 0; i < probeLayers.length; i++) if (probeLayers[i] == l) return i;
        return -1;
    }

    /** Floats of one layer's probe record for t tokens: α, s, key norms, value norms ([t][Hkv][M]) then p, z ([t][Hq][M]). */
    private long probeFloats(int t) {
        return (long) t * (4L * cf + 2L * zPerRow);
    }

    private ForwardResult collect(int[] tokens, int[] pl, int t, MemorySegment out, int logitRows) {
        int v = c.vocabSize();
        float[] lg = out.asSlice(0, 4L * logitRows * v).toArray(JAVA_FLOAT);
        Map<Integer, LayerProbe> probes = new TreeMap<>();
        long off = 4L * logitRows * v;
        int kvN = t * cf, qN = t * zPerRow;
        for (int layer : pl) {
            LayerProbe p = LayerProbe.allocate(layer, t, c.numKvHeads(), c.numHeads(), c.numSlots());
            float[][] parts = {p.alpha(), p.write(), p.keyNorm(), p.valueNorm(), p.readout(), p.readoutLogits()};
            for (float[] dst : parts) {
                MemorySegment.copy(out, JAVA_FLOAT, off, dst, 0, dst.length);
                off += 4L * dst.length;
            }
            if (parts[0].length != kvN || parts[4].length != qN) throw new IllegalStateException("probe layout mismatch");
            probes.put(layer, p);
        }
        ForwardResult r = new ForwardResult(tokens.clone(), position, v, lg, probes);
        position += t;
        return r;
    }

    // ---------------------------------------------------------------------------------------------------------
    // buffers

    private interface ArgFill {
        void fill(KernelArgs a);
    }

    private void launch(String name, int gx, int gy, int bx, int smem, ArgFill fill) {
        launch(name, gx, gy, bx, smem, false, fill);
    }

    private void launch(String name, int gx, int gy, int bx, int smem, boolean dependent, ArgFill fill) {
        launch(name, gx, gy, bx, smem, dependent, 1, fill);
    }

    private void launch(String name, int gx, int gy, int bx, int smem, boolean dependent, int cluster, ArgFill fill) {
        fill.fill(args.reset());
        k.launch(name, gx, gy, bx, smem, stream, args, dependent, cluster);
    }

    void ensureRows(int t) {
        if (t <= rows) return;
        dropGraphs();
        freeScratch();
        int r = Math.max(t, 1);
        int bytes = w.dtype.bytes, d = c.hiddenSize(), inter = c.intermediateSize();
        ids = scratch(4L * r, "token ids");
        x = scratch(4L * r * d, "residual stream");
        xn = scratch((long) bytes * r * Math.max(d, c.valueDim()), "normed rows");
        qkvf = scratch(4L * r * stride, "projections");
        alpha = scratch(4L * r * cf, "gates");
        write = scratch(4L * r * cf, "write weights");
        z = scratch(4L * r * zPerRow, "slot scores");
        o = scratch(4L * r * c.valueDim(), "slot readout");
        gu = scratch(4L * r * 2 * inter, "mlp gate/up");
        hAct = scratch((long) bytes * r * inter, "mlp activations");
        logits = scratch(4L * r * c.vocabSize(), "logits");
        best = scratch(8, "decode token");
        ready = scratch(16L * layers, "slot_o counters");
        drv.zeroAsync(ready, 16L * layers, stream);
        if (r > 1) {
            long chunks = (r + chunkSize() - 1) / chunkSize();
            gateCum = scratch(8L * r * cf, "chunk gates");
            chunkKeys = scratch(4L * chunks * cf * c.headKDim(), "chunk key states");
            chunkValues = scratch(4L * chunks * cf * c.headVDim(), "chunk value states");
        } else {
            gateCum = chunkKeys = chunkValues = 0;
        }
        rows = r;
        ensurePinned(16 + 4L * c.vocabSize());
    }

    private long scratch(long bytes, String what) {
        long p = drv.alloc(bytes, what);
        scratchAllocs.add(p);
        return p;
    }

    private void ensureProbes(int layersProbed, int t) {
        if (layersProbed > 0 && copyStream == null) {
            if (probesDone == null) probesDone = drv.createEvent();
            if (copyDone == null) copyDone = drv.createEvent();
            copyStream = drv.createStream();
        }
        long need = 4L * layersProbed * probeFloats(t);
        if (need <= probeCap) return;
        dropGraphs();
        drv.free(probeBuf);
        probeBuf = 0;
        probeCap = 0;
        probeBuf = drv.alloc(need, "probe buffer");
        probeCap = need;
        ensurePinned(16 + 4L * c.vocabSize() + need);
    }

    private void ensurePinned(long bytes) {
        if (pinned != null && pinned.byteSize() >= bytes) return;
        dropGraphs(); // they copy probes into the old buffer
        if (pinned != null) drv.hostFree(pinned);
        pinned = null;
        pinned = drv.hostAlloc(bytes);
    }

    private void freeScratch() {
        for (long p : scratchAllocs) drv.free(p);
        scratchAllocs.clear();
        rows = 0;
    }

    private void dropGraphs() {
        for (MemorySegment[] g : graphs.values()) drv.destroyGraph(g[0], g[1]);
        graphs.clear();
    }

    // ---------------------------------------------------------------------------------------------------------
    // for the benchmark: device-side loops without host round trips

    /** Prefill of {@code tokens} computing only the last row's logits; returns nothing, leaves the state advanced. */
    void prefillLastOnly(int[] tokens) {
        model.dev.makeCurrent();
        for (int from = 0; from < tokens.length; from += MAX_ROWS) {
            int[] piece = Arrays.copyOfRange(tokens, from, Math.min(tokens.length, from + MAX_ROWS));
            ensureRows(piece.length);
            try (Arena tmp = Arena.ofConfined()) {
                drv.copyHtoDAsync(ids, tmp.allocateFrom(JAVA_INT, piece), 4L * piece.length, stream);
                prefillKernels(piece.length, new int[0], false);
                drv.sync(stream);
            }
            position += piece.length;
        }
    }

    /**
     * {@code n} greedy decode steps replayed back to back from the graph (each step's LM head picks the next token), with
     * the probes of {@code probeLayers} copied to pinned host memory after every step. Synchronises once at the end.
     */
    void greedyLoop(int firstId, int n, int[] probeLayers) {
        model.dev.makeCurrent();
        ensureRows(1);
        ensureProbes(probeLayers.length, 1);
        MemorySegment exec = graph(probeLayers);
        setToken(firstId);
        for (int i = 0; i < n; i++) drv.launchGraph(exec, stream);
        drv.sync(stream);
        position += n;
    }

    CudaModel model() {
        return model;
    }

    MemorySegment stream() {
        return stream;
    }

    Kernels kernels() {
        return k;
    }

    /** Bytes of recurrent state per layer set (keys, values, conv), read and written once per decode step. */
    long stateBytes() {
        return (keyBytes + valueBytes + convBytes) * layers;
    }

    @Override
    public void close() {
        model.dev.makeCurrent();
        try {
            drv.sync(stream);
        } finally {
            dropGraphs();
            freeScratch();
            drv.free(probeBuf);
            drv.free(decayTable);
            drv.free(keyState);
            drv.free(valueState);
            drv.free(convState);
            if (pinned != null) drv.hostFree(pinned);
            if (probesDone != null) drv.destroyEvent(probesDone);
            if (copyDone != null) drv.destroyEvent(copyDone);
            if (copyStream != null) drv.destroyStream(copyStream);
            Cublas.get().destroyHandle(cublas);
            drv.destroyStream(stream);
            arena.close();
        }
    }
}
