package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.backend.cuda.runtime.Driver;
import org.gsaexplorer.model.backend.cuda.runtime.SessionStream;
import org.gsaexplorer.model.config.GsaConfig;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One decode step as batch-1 launches, captured once per probe set into a CUDA graph that is then replayed. The token
 * packed in {@code best} is embedded, and the LM head leaves the greedy next token packed there, so steps replay back to
 * back without the host. Each layer: the qkvf GEMV applies prep, then key_scan → value_scan and the o_proj GEMV (or,
 * switched on, slot_o: the slot memory and o_proj in one launch), then the SwiGLU and down GEMVs.
 */
final class DecodeGraph {
    private final GsaConfig c;
    private final DeviceWeights w;
    private final Kernels k;
    private final SessionStream ss;
    private final Driver drv;
    private final RowScratch rows;
    private final SlotMemory slots;
    private final ProbeLayout probes;
    private final GemvLaunch gemv;
    private final Map<String, SessionStream.Graph> graphs = new HashMap<>();
    // the side branch that copies the probes to pinned memory while the later layers run (made on first use)
    private MemorySegment copyStream, probesDone, copyDone;

    DecodeGraph(CudaModel model, SessionStream ss, RowScratch rows, SlotMemory slots, ProbeLayout probes, GemvLaunch gemv) {
        this.c = model.config;
        this.w = model.weights;
        this.k = model.kernels;
        this.ss = ss;
        this.drv = ss.drv;
        this.rows = rows;
        this.slots = slots;
        this.probes = probes;
        this.gemv = gemv;
    }

    /** The executable graph for this probe set, captured on first use. */
    MemorySegment exec(int[] probeLayers) {
        return graphs.computeIfAbsent(Arrays.toString(probeLayers), key -> ss.capture(() -> launches(probeLayers))).exec();
    }

    /** Creates the side stream and its events that a probed step forks and joins. */
    void ensureSideStream() {
        if (copyStream != null) return;
        if (probesDone == null) probesDone = drv.createEvent();
        if (copyDone == null) copyDone = drv.createEvent();
        copyStream = drv.createStream();
    }

    /**
     * The launches of one decode step. The probes are copied to pinned memory (after the logits' place) on the side
     * stream, forked once the last probed layer's slot memory is done and joined at the end: off the step's critical
     * path (a copy at the end cost 1 % of a gsa-1.3b step).
     */
    void launches(int[] probeLayers) {
        int d = c.hiddenSize();
        float eps = (float) c.normEps();
        String dt = GemvLaunch.dtName(w.dt);
        int inter = c.intermediateSize(), stride = DeviceWeights.stride(c);
        int lastProbed = Arrays.stream(probeLayers).max().orElse(-1);
        long x = rows.x, qkvf = rows.qkvf, o = rows.o, gu = rows.gu, best = rows.best;
        ss.launch(k, "embed_token", 1, 1, 256, 0, a -> a.ptr(w.embed).i32(w.dt).ptr(best).ptr(x).i32(d));
        for (int l = 0; l < c.numLayers(); l++) {
            DeviceWeights.Layer lw = w.layers[l];
            int layer = l;
            ProbeLayout.SlotOut so = probes.slotOut(ProbeLayout.slot(probeLayers, l), 1, rows);
            gemv.launch(dt + "_prep", false, lw.qkvf(), x, lw.attnNorm(), eps, qkvf, stride, d, a -> slots.prepArgs(layer, so, a));
            if (slots.fusedStep()) {
                slots.stepWithOutput(l, so);
            } else {
                slots.run(l, 1, 1, so, false);
                gemv.launch(dt + "_21", false, lw.o(), o, lw.gNorm(), (float) GsaConfig.G_NORM_EPS, x, d, c.valueDim(), a -> { });
            }
            if (l == lastProbed) {
                drv.record(probesDone, ss.stream);
                drv.waitEvent(copyStream, probesDone);
                drv.copyDtoHAsync(ss.pinned().asSlice(16 + 4L * c.vocabSize()), probes.buffer, 4L * probeLayers.length * probes.floats(1), copyStream);
                drv.record(copyDone, copyStream);
            }
            gemv.launch(dt + "_12", true, lw.gateUp(), x, lw.mlpNorm(), eps, gu, inter, d, a -> { });
            gemv.launch(dt + "_01", false, lw.down(), gu, 0, 0f, x, d, inter, a -> { });
        }
        gemv.launch(dt + "_best", false, w.lmHead, x, w.finalNorm, eps, rows.logits, c.vocabSize(), d, a -> a.ptr(best));
        if (lastProbed >= 0) drv.waitEvent(ss.stream, copyDone);
    }

    /** Drops the captured graphs (their launches bake in buffer addresses and ablation switches). */
    void drop() {
        for (SessionStream.Graph g : graphs.values()) ss.destroy(g);
        graphs.clear();
    }

    void free() {
        drop();
        if (probesDone != null) drv.destroyEvent(probesDone);
        if (copyDone != null) drv.destroyEvent(copyDone);
        if (copyStream != null) drv.destroyStream(copyStream);
    }
}
