package org.gsaexplorer.model.ablation;

import org.gsaexplorer.model.config.GsaConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The targeted interventions of a run, in the order given, with the lookups the backends need: the gate edits of a
 * layer, the slot a query head's readout is clamped to, and whether a head's output is zeroed. Where two interventions
 * set the same thing, the later one wins.
 */
public record Interventions(List<Intervention> all) {
    public static final Interventions NONE = new Interventions(List.of());

    public Interventions {
        all = List.copyOf(all);
    }

    public boolean isEmpty() {
        return all.isEmpty();
    }

    public Interventions with(Intervention i) {
        List<Intervention> l = new ArrayList<>(all);
        l.add(i);
        return new Interventions(l);
    }

    /** Refuses any layer, head or slot that {@code c} does not have. */
    public void check(GsaConfig c) {
        for (Intervention i : all) i.check(c);
    }

    public List<Intervention.GateEdit> gateEdits(int layer) {
        List<Intervention.GateEdit> l = new ArrayList<>();
        for (Intervention i : all) if (i instanceof Intervention.GateEdit g && g.layer() == layer) l.add(g);
        return l;
    }

    /** Whether any gate edit depends on the token position (every one does, through its range). */
    public boolean hasGateEdits() {
        for (Intervention i : all) if (i instanceof Intervention.GateEdit) return true;
        return false;
    }

    /**
     * Overrides α and s ([rows][Hkv][M], flat) of one layer for the rows at absolute positions pos0, pos0 + 1, ….
     */
    public void applyGates(int layer, int pos0, int rows, int hkv, int m, float[] alpha, float[] write) {
        for (Intervention.GateEdit g : gateEdits(layer))
            for (int t = 0; t < rows; t++)
                if (g.covers(pos0 + t)) {
                    int i = (t * hkv + g.kvHead()) * m + g.slot();
                    alpha[i] = g.alpha();
                    write[i] = g.write();
                }
    }

    /** The slot query head {@code queryHead} of {@code layer} is clamped to read, or −1. */
    public int clampedSlot(int layer, int queryHead) {
        int slot = -1;
        for (Intervention i : all)
            if (i instanceof ClampReadout r && r.layer() == layer && r.queryHead() == queryHead) slot = r.slot();
        return slot;
    }

    public boolean zeroed(int layer, int queryHead) {
        for (Intervention i : all) if (i instanceof ZeroHead z && z.layer() == layer && z.queryHead() == queryHead) return true;
        return false;
    }

    /** Zeroes the outputs o ([rows][Hq][dv], flat) of the zeroed query heads of {@code layer}. */
    public void zeroHeads(int layer, int rows, int hq, int dv, float[] o) {
        for (int h = 0; h < hq; h++) {
            if (!zeroed(layer, h)) continue;
            for (int t = 0; t < rows; t++) Arrays.fill(o, (t * hq + h) * dv, (t * hq + h + 1) * dv, 0f);
        }
    }
}
