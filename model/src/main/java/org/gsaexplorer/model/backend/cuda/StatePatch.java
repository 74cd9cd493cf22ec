package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.BatchRows;
import org.gsaexplorer.model.RecurrentState;
import org.gsaexplorer.model.StateRegion;
import org.gsaexplorer.model.backend.cuda.runtime.Driver;
import org.gsaexplorer.model.backend.cuda.runtime.SessionStream;
import org.gsaexplorer.model.config.GsaConfig;

import java.lang.foreign.Arena;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * A patched restore of a batch on the device ({@link org.gsaexplorer.model.BatchedSession#restorePatched}): the base
 * and donor states go up once, each into a one-sequence {@link SlotState}; then per layer and part (key slots, value
 * slots, conv history) one state_patch launch writes every sequence b's copy of the base with the floats of its
 * region taken from the donor. A region's floats in a part are its slot rows times the row width, and the conv history
 * whole or not at all ({@link StateRegion#slotRows}, {@link StateRegion#coversConv}); {@link StateRegion#replace} is the
 * plain form on the host.
 */
final class StatePatch {
    /** The parts of a layer's state, in the span table's order. */
    private static final int KEYS = 0, VALUES = 1, CONV = 2, PARTS = 3;

    private final CudaModel model;
    private final SessionStream ss;
    private final GsaConfig c;
    private final int batch;
    private final SlotState base, donor;
    /** Per layer and part, every sequence's first float of the region, then every sequence's end: [L][PARTS][2][B]. */
    private final long spans;

    StatePatch(CudaModel model, SessionStream ss, int batch) {
        this.model = model;
        this.ss = ss;
        this.c = model.config;
        this.batch = batch;
        Driver drv = ss.drv;
        SlotState b = null, d = null;
        try {
            b = new SlotState(drv, c, 1);
            d = new SlotState(drv, c, 1);
            this.spans = drv.alloc(4L * c.numLayers() * PARTS * 2 * batch, "state patch spans");
        } catch (RuntimeException e) {
            if (b != null) b.free();
            if (d != null) d.free();
            throw e;
        }
        this.base = b;
        this.donor = d;
    }

    /** Fills every sequence of {@code target} (checked states and regions; the stream is idle). */
    void apply(SlotState target, RecurrentState b, RecurrentState d, List<StateRegion> regions) {
        BatchRows.checkPatch(b, d, regions, batch, c);
        target.check(b);
        target.check(d);
        base.restore(0, b);
        donor.restore(0, d);
        upload(table(regions, target));
        for (int l = 0; l < c.numLayers(); l++) {
            launch(l, KEYS, target.keys(l), base.keys(l), donor.keys(l), target.keyBytes);
            launch(l, VALUES, target.values(l), base.values(l), donor.values(l), target.valueBytes);
            if (target.convBytes > 0) launch(l, CONV, target.conv(l), base.conv(l), donor.conv(l), target.convBytes);
        }
    }

    private void launch(int layer, int part, long dst, long from, long with, long bytesPerSequence) {
        int n = (int) (bytesPerSequence / 4);
        long lo = spans + 4L * span(layer, part, 0, 0), hi = spans + 4L * span(layer, part, 1, 0);
        ss.launch(model.kernels, "state_patch", (n + 255) / 256, batch, 256, 0,
                a -> a.ptr(dst).ptr(from).ptr(with).ptr(lo).ptr(hi).i32(n));
    }

    /** Index of sequence b's start (end = 0) or end (1) of the region in {@code part} of {@code layer}. */
    private int span(int layer, int part, int end, int b) {
        return ((layer * PARTS + part) * 2 + end) * batch + b;
    }

    private int[] table(List<StateRegion> regions, SlotState target) {
        int heads = c.numKvHeads(), slots = c.numSlots(), conv = (int) (target.convBytes / 4);
        int[] t = new int[c.numLayers() * PARTS * 2 * batch];
        for (int l = 0; l < c.numLayers(); l++)
            for (int b = 0; b < batch; b++) {
                StateRegion r = regions.get(b);
                int[] rows = r.slotRows(l, heads, slots);
                t[span(l, KEYS, 0, b)] = rows[0] * c.headKDim();
                t[span(l, KEYS, 1, b)] = rows[1] * c.headKDim();
                t[span(l, VALUES, 0, b)] = rows[0] * c.headVDim();
                t[span(l, VALUES, 1, b)] = rows[1] * c.headVDim();
                t[span(l, CONV, 1, b)] = r.coversConv(l) ? conv : 0;
            }
        return t;
    }

    private void upload(int[] table) {
        try (Arena a = Arena.ofConfined()) {
            ss.drv.copyHtoD(spans, a.allocateFrom(JAVA_INT, table), 4L * table.length);
        }
    }

    void free() {
        base.free();
        donor.free();
        ss.drv.free(spans);
    }
}
