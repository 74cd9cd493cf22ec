package org.gsaexplorer.visualizer.session;

import org.gsaexplorer.model.probe.LayerProbe;

/**
 * Read access to the probes of tokens [0, computed) as they were when published. Tokens whose block was dropped to stay
 * within the memory budget report {@link #has} false until the engine recomputes them.
 */
public final class ProbeAccess {
    /** Tokens per stored block (see {@link #source}). */
    public static final int BLOCK_TOKENS = ProbeStore.BLOCK;
    private final LayerProbe[][] blocks;
    private final int computed, layers, kvHeads, queryHeads, slots;

    ProbeAccess(LayerProbe[][] blocks, int computed, int layers, int kvHeads, int queryHeads, int slots) {
        this.blocks = blocks;
        this.computed = computed;
        this.layers = layers;
        this.kvHeads = kvHeads;
        this.queryHeads = queryHeads;
        this.slots = slots;
    }

    public static ProbeAccess empty() {
        return new ProbeAccess(new LayerProbe[0][], 0, 1, 1, 1, 1);
    }

    public int computed() { return computed; }
    public int layers() { return layers; }
    public int kvHeads() { return kvHeads; }
    public int queryHeads() { return queryHeads; }
    public int slots() { return slots; }

    public boolean has(int t) {
        int b = t / ProbeStore.BLOCK;
        return t >= 0 && t < computed && b < blocks.length && blocks[b] != null;
    }

    /**
     * The stored block that holds token t, or null when t is not held. Published blocks never change, so a renderer
     * may keep what it drew from token t for as long as the source stays the same object (see {@link ProbeStore}).
     */
    public Object source(int t) {
        return has(t) ? blocks[t / ProbeStore.BLOCK] : null;
    }

    /** Value of {@code field} at (layer, token t, head, slot); head is a kv head or a query head as the field says. */
    public float get(ProbeField field, int layer, int t, int head, int slot) {
        LayerProbe p = blocks[t / ProbeStore.BLOCK][layer];
        int o = t % ProbeStore.BLOCK;
        return field.of(p)[field.queryHead ? p.qIndex(o, head, slot) : p.kvIndex(o, head, slot)];
    }

    /** Copies the M slot values of one token into {@code out} (length ≥ slots); false when the token is not held. */
    public boolean row(ProbeField field, int layer, int t, int head, float[] out) {
        if (!has(t)) return false;
        LayerProbe p = blocks[t / ProbeStore.BLOCK][layer];
        int o = t % ProbeStore.BLOCK;
        System.arraycopy(field.of(p), field.queryHead ? p.qIndex(o, head, 0) : p.kvIndex(o, head, 0), out, 0, slots);
        return true;
    }

    /** Rows [t0, t1) of one head as [t1−t0][M]; rows of tokens not held are null. */
    public float[][] matrix(ProbeField field, int layer, int head, int t0, int t1) {
        float[][] out = new float[Math.max(0, t1 - t0)][];
        for (int t = t0; t < t1; t++) {
            float[] r = new float[slots];
            if (row(field, layer, t, head, r)) out[t - t0] = r;
        }
        return out;
    }

    /** True when every token of [t0, t1) is held. */
    public boolean hasAll(int t0, int t1) {
        for (int t = t0; t < t1; t += ProbeStore.BLOCK - t % ProbeStore.BLOCK) if (!has(t)) return false;
        return t1 <= computed;
    }
}
