package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.ablation.Intervention;
import org.gsaexplorer.model.ablation.Interventions;
import org.gsaexplorer.model.backend.cuda.runtime.Driver;
import org.gsaexplorer.model.config.GsaConfig;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The targeted interventions as device tables for the kernels: the gate edits of every layer as records of
 * {@link KernelCodes#GATE_EDIT_INTS} ints (gate_edit), and per layer and query head the slot its readout is clamped to
 * (−1 for none; value_scan, chunk_out) and whether its output is zeroed (zero_heads). Uploaded when the ablations change.
 */
final class InterventionTables {
    private final GsaConfig c;
    private final Driver drv;
    private final int[] editStart, editCount;
    private final boolean[] clamped, zeroed;
    private long edits, heads;
    private long editBytes;

    InterventionTables(GsaConfig c, Driver drv) {
        this.c = c;
        this.drv = drv;
        int l = c.numLayers();
        editStart = new int[l];
        editCount = new int[l];
        clamped = new boolean[l];
        zeroed = new boolean[l];
    }

    void upload(Interventions iv) {
        int layers = c.numLayers(), hq = c.numHeads(), m = c.numSlots();
        List<Integer> rec = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            editStart[l] = rec.size() / KernelCodes.GATE_EDIT_INTS;
            for (Intervention.GateEdit g : iv.gateEdits(l)) {
                rec.add(g.kvHead() * m + g.slot());
                rec.add(g.from());
                rec.add(g.to());
                rec.add(Float.floatToRawIntBits(g.alpha()));
                rec.add(Float.floatToRawIntBits(g.write()));
            }
            editCount[l] = rec.size() / KernelCodes.GATE_EDIT_INTS - editStart[l];
        }
        int[] table = new int[2 * layers * hq];
        for (int l = 0; l < layers; l++) {
            clamped[l] = zeroed[l] = false;
            for (int h = 0; h < hq; h++) {
                int slot = iv.clampedSlot(l, h);
                table[l * hq + h] = slot;
                clamped[l] |= slot >= 0;
                boolean z = iv.zeroed(l, h);
                table[(layers + l) * hq + h] = z ? 1 : 0;
                zeroed[l] |= z;
            }
        }
        if (iv.isEmpty()) return;
        if (heads == 0) heads = drv.alloc(4L * table.length, "intervention table");
        copy(heads, table);
        if (rec.isEmpty()) return;
        long bytes = 4L * rec.size();
        if (bytes > editBytes) {
            drv.free(edits);
            edits = drv.alloc(bytes, "gate edits");
            editBytes = bytes;
        }
        copy(edits, rec.stream().mapToInt(Integer::intValue).toArray());
    }

    private void copy(long dst, int[] src) {
        try (Arena a = Arena.ofConfined()) {
            drv.copyHtoD(dst, a.allocateFrom(JAVA_INT, src), 4L * src.length);
        }
    }

    int editCount(int layer) {
        return editCount[layer];
    }

    long edits(int layer) {
        return edits + 4L * KernelCodes.GATE_EDIT_INTS * editStart[layer];
    }

    /** The clamp slots of {@code layer}'s query heads, or 0 when none is clamped. */
    long clamp(int layer) {
        return clamped[layer] ? heads + 4L * layer * c.numHeads() : 0;
    }

    /** The zero flags of {@code layer}'s query heads, or 0 when none is zeroed. */
    long zeroed(int layer) {
        return zeroed[layer] ? heads + 4L * (c.numLayers() + layer) * c.numHeads() : 0;
    }

    void free() {
        drv.free(edits);
        drv.free(heads);
    }
}
