package org.gsaexplorer.visualizer.session;

import org.gsaexplorer.model.probe.LayerProbe;

import java.util.Arrays;

/**
 * The probes of every layer, kept in blocks of {@link #BLOCK} tokens within a memory budget: when the budget is full
 * the block farthest from the cursor is dropped, and {@link Track} recomputes a dropped block from the nearest saved
 * state when it is looked at again. Blocks are append-only (a block is written only past the published token count)
 * and the block array is copied on publish, so a published {@link ProbeAccess} never changes.
 */
final class ProbeStore {
    static final int BLOCK = 64;

    private final int layers, kvHeads, queryHeads, slots;
    private final int maxBlocks;
    private LayerProbe[][] blocks = new LayerProbe[16][];
    private int present;

    ProbeStore(int layers, int kvHeads, int queryHeads, int slots, long budgetBytes) {
        this.layers = layers;
        this.kvHeads = kvHeads;
        this.queryHeads = queryHeads;
        this.slots = slots;
        this.maxBlocks = (int) Math.max(4, Math.min(Integer.MAX_VALUE / 2, budgetBytes / blockBytes()));
    }

    long blockBytes() {
        return 4L * BLOCK * layers * slots * (4L * kvHeads + 2L * queryHeads);
    }

    int maxBlocks() {
        return maxBlocks;
    }

    int presentBlocks() {
        return present;
    }

    boolean has(int t) {
        int b = t / BLOCK;
        return b < blocks.length && blocks[b] != null;
    }

    /** Copies token {@code srcT} of each recorded layer into position {@code t}, dropping a far block if over budget. */
    void put(int t, java.util.Map<Integer, LayerProbe> src, int srcT, int cursor) {
        LayerProbe[] block = blockFor(t / BLOCK, cursor);
        int o = t % BLOCK;
        for (int l = 0; l < layers; l++) copyToken(src.get(l), srcT, block[l], o);
    }

    /** Installs a fully recomputed block. */
    void putBlock(int b, java.util.Map<Integer, LayerProbe> src, int tokens, int cursor) {
        LayerProbe[] block = blockFor(b, cursor);
        for (int l = 0; l < layers; l++)
            for (int i = 0; i < tokens; i++) copyToken(src.get(l), i, block[l], i);
    }

    private LayerProbe[] blockFor(int b, int cursor) {
        if (b >= blocks.length) blocks = Arrays.copyOf(blocks, Math.max(b + 1, blocks.length * 2));
        if (blocks[b] == null) {
            if (present >= maxBlocks) evictFarthest(b, cursor / BLOCK);
            LayerProbe[] block = new LayerProbe[layers];
            for (int l = 0; l < layers; l++) block[l] = LayerProbe.allocate(l, BLOCK, kvHeads, queryHeads, slots);
            blocks[b] = block;
            present++;
        }
        return blocks[b];
    }

    private void evictFarthest(int keep, int cursorBlock) {
        int far = -1;
        for (int b = 0; b < blocks.length; b++)
            if (blocks[b] != null && b != keep && (far < 0 || Math.abs(b - cursorBlock) > Math.abs(far - cursorBlock))) far = b;
        if (far >= 0) {
            blocks[far] = null;
            present--;
        }
    }

    /** Forgets tokens from {@code n} on; the block holding token n is copied so published views keep their data. */
    void truncate(int n) {
        int first = n / BLOCK;
        for (int b = first; b < blocks.length; b++) {
            if (blocks[b] == null) continue;
            if (b == first && n % BLOCK > 0) {
                LayerProbe[] copy = new LayerProbe[layers];
                for (int l = 0; l < layers; l++) {
                    LayerProbe p = blocks[b][l], c = LayerProbe.allocate(l, BLOCK, kvHeads, queryHeads, slots);
                    for (int i = 0; i < n % BLOCK; i++) copyToken(p, i, c, i);
                    copy[l] = c;
                }
                blocks[b] = copy;
            } else {
                blocks[b] = null;
                present--;
            }
        }
    }

    ProbeAccess view(int computed) {
        return new ProbeAccess(blocks.clone(), computed, layers, kvHeads, queryHeads, slots);
    }

    private static void copyToken(LayerProbe src, int s, LayerProbe dst, int d) {
        int kv = src.kvHeads() * src.slots(), q = src.queryHeads() * src.slots();
        System.arraycopy(src.alpha(), s * kv, dst.alpha(), d * kv, kv);
        System.arraycopy(src.write(), s * kv, dst.write(), d * kv, kv);
        System.arraycopy(src.keyNorm(), s * kv, dst.keyNorm(), d * kv, kv);
        System.arraycopy(src.valueNorm(), s * kv, dst.valueNorm(), d * kv, kv);
        System.arraycopy(src.readout(), s * q, dst.readout(), d * q, q);
        System.arraycopy(src.readoutLogits(), s * q, dst.readoutLogits(), d * q, q);
    }
}
