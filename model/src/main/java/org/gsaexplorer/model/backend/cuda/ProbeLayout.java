package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.backend.cuda.runtime.Driver;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.LayerProbe;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.TreeMap;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

/**
 * The probe buffer on the device and its layout: per probed layer, in the order asked for, one record of α, s, key
 * norms, value norms ([t][Hkv][M]) then readout weights p and scores z ([t][Hq][M]); and how the host reads logits and
 * probes back into a {@link ForwardResult}.
 */
final class ProbeLayout {
    /**
     * Where a layer's slot kernels write for probeRows rows: gates, key and value slot norms, readout weights and scores.
     * Probed, all into its probe record; unprobed, the gates and scores go to scratch and the rest nowhere (0).
     */
    record SlotOut(boolean probed, long alpha, long write, long keyNorm, long valueNorm, long readout, long z) {}

    private final GsaConfig c;
    private final Driver drv;
    private final int cf, zPerRow;
    long buffer;
    private long capacity;

    ProbeLayout(GsaConfig c, Driver drv) {
        this.c = c;
        this.drv = drv;
        this.cf = c.numKvHeads() * c.numSlots();
        this.zPerRow = c.numHeads() * c.numSlots();
    }

    /** Floats of one layer's probe record for t tokens. */
    long floats(int t) {
        return (long) t * (4L * cf + 2L * zPerRow);
    }

    /**
     * Makes the buffer hold {@code layersProbed} records of t tokens; returns its bytes when it had to grow (after
     * {@code beforeRealloc}, since graphs write into the old one), else -1.
     */
    long ensure(int layersProbed, int t, Runnable beforeRealloc) {
        long need = 4L * layersProbed * floats(t);
        if (need <= capacity) return -1;
        beforeRealloc.run();
        drv.free(buffer);
        buffer = 0;
        capacity = 0;
        buffer = drv.alloc(need, "probe buffer");
        capacity = need;
        return need;
    }

    /** Index of layer l among the probed ones, or -1. */
    static int slot(int[] probeLayers, int l) {
        for (int i = 0; i < probeLayers.length; i++) if (probeLayers[i] == l) return i;
        return -1;
    }

    /** Layer outputs for record {@code slot} (see {@link #slot}) of probeRows rows, or the scratch ones when not probed. */
    SlotOut slotOut(int slot, int probeRows, RowScratch rows) {
        if (slot < 0) return new SlotOut(false, rows.alpha, rows.write, 0, 0, 0, rows.z);
        long pBase = buffer + 4L * slot * floats(probeRows);
        long kvN = (long) probeRows * cf, qN = (long) probeRows * zPerRow;
        return new SlotOut(true, pBase, pBase + 4 * kvN, pBase + 8 * kvN, pBase + 12 * kvN, pBase + 16 * kvN,
                pBase + 16 * kvN + 4 * qN);
    }

    /** The result of t tokens from {@code out}: logitRows rows of logits, then the probe records of {@code pl}. */
    ForwardResult collect(int[] tokens, int[] pl, int t, MemorySegment out, int logitRows, int position) {
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
        return new ForwardResult(tokens.clone(), position, v, lg, probes);
    }

    void free() {
        drv.free(buffer);
    }
}
