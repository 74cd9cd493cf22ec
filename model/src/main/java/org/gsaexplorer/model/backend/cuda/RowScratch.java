package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.backend.cuda.runtime.SessionStream;
import org.gsaexplorer.model.config.GsaConfig;

/**
 * A session's device scratch for up to {@link #rows} rows (a batch's sequences one after the other), (re)allocated on
 * demand; reallocation moves every buffer, so the session drops its captured graphs first.
 */
final class RowScratch {
    private final SessionStream ss;
    private final GsaConfig c;
    private final int dtypeBytes;

    int rows;
    /** Chunks of the chunked prefill the chunk states have room for, and rows of logits. */
    int chunks, logitRows;
    long ids, x, xn, qkvf, alpha, write, z, o, gu, hAct, logits;
    /** The decode step's token, packed as pack_best: written by the host or the previous step's LM head. */
    long best;
    /** slot_o's counters, 4 u32 per layer, zero between launches. */
    long ready;
    /** Chunked prefill: chunk-local cumulative log-gates and per-chunk key / value states (none for one row). */
    long gateCum, chunkKeys, chunkValues;

    RowScratch(SessionStream ss, GsaConfig c, int dtypeBytes) {
        this.ss = ss;
        this.c = c;
        this.dtypeBytes = dtypeBytes;
    }

    /** Frees the scratch and allocates it for {@code t} rows (at least 1) of one sequence. */
    void allocate(int t) {
        allocate(1, t, t);
    }

    /**
     * Frees the scratch and allocates it for {@code batch} sequences of {@code t} rows each, with logits for
     * {@code logits} rows (all of them, or each sequence's last).
     */
    void allocate(int batch, int t, int logits) {
        free();
        int r = Math.max(batch * t, 1);
        int d = c.hiddenSize(), inter = c.intermediateSize(), stride = DeviceWeights.stride(c);
        int cf = c.numKvHeads() * c.numSlots(), zPerRow = c.numHeads() * c.numSlots();
        ids = ss.scratch(4L * r, "token ids");
        x = ss.scratch(4L * r * d, "residual stream");
        xn = ss.scratch((long) dtypeBytes * r * Math.max(d, c.valueDim()), "normed rows");
        qkvf = ss.scratch(4L * r * stride, "projections");
        alpha = ss.scratch(4L * r * cf, "gates");
        write = ss.scratch(4L * r * cf, "write weights");
        z = ss.scratch(4L * r * zPerRow, "slot scores");
        o = ss.scratch(4L * r * c.valueDim(), "slot readout");
        gu = ss.scratch(4L * r * 2 * inter, "mlp gate/up");
        hAct = ss.scratch((long) dtypeBytes * r * inter, "mlp activations");
        logitRows = Math.max(logits, 1);
        this.logits = ss.scratch(4L * logitRows * c.vocabSize(), "logits");
        best = ss.scratch(8, "decode token");
        ready = ss.scratch(16L * c.numLayers(), "slot_o counters");
        ss.drv.zeroAsync(ready, 16L * c.numLayers(), ss.stream);
        if (t > 1) {
            chunks = batch * ((t + SlotMemory.chunkSize(c) - 1) / SlotMemory.chunkSize(c));
            gateCum = ss.scratch(8L * r * cf, "chunk gates");
            chunkKeys = ss.scratch(4L * chunks * cf * c.headKDim(), "chunk key states");
            chunkValues = ss.scratch(4L * chunks * cf * c.headVDim(), "chunk value states");
        } else {
            gateCum = chunkKeys = chunkValues = 0;
            chunks = 0;
        }
        rows = r;
    }

    void free() {
        ss.freeScratch();
        rows = chunks = logitRows = 0;
    }
}
