package org.gsaexplorer.model;

import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.error.GsaException;

/**
 * A part of a {@link RecurrentState} that can be taken from another state: the whole state, one layer's (slots and
 * short-conv history), one kv head's slots (its key and value rows) or one slot (its key row and value row). Per layer
 * a region covers a run of the layer's H_kv·M slot rows ({@link #slotRows}) in both K̃ and Ṽ, and the conv history
 * whole or not at all ({@link #coversConv}); {@link #replace} is that copy on the host, the plain form of the device's.
 */
public sealed interface StateRegion {
    /** Every layer's slots and conv history. */
    record Whole() implements StateRegion {
    }

    /** One layer's slots and conv history. */
    record Layer(int layer) implements StateRegion {
    }

    /** The M slots of kv head {@code head} in {@code layer}. */
    record Head(int layer, int head) implements StateRegion {
    }

    /** Slot {@code slot} of kv head {@code head} in {@code layer}. */
    record Slot(int layer, int head, int slot) implements StateRegion {
    }

    StateRegion WHOLE = new Whole();

    /**
     * [from, to) of layer {@code layer}'s slot rows (row h·M + m is slot m of kv head h) that this region covers; empty
     * (from = to) when it covers none of that layer.
     */
    default int[] slotRows(int layer, int heads, int slots) {
        int[] none = {0, 0};
        return switch (this) {
            case Whole() -> new int[]{0, heads * slots};
            case Layer(int l) -> l == layer ? new int[]{0, heads * slots} : none;
            case Head(int l, int h) -> l == layer ? new int[]{h * slots, (h + 1) * slots} : none;
            case Slot(int l, int h, int m) -> l == layer ? new int[]{h * slots + m, h * slots + m + 1} : none;
        };
    }

    /** Whether the region holds layer {@code layer}'s short-conv history (the whole state and layer regions do). */
    default boolean coversConv(int layer) {
        return switch (this) {
            case Whole() -> true;
            case Layer(int l) -> l == layer;
            case Head h -> false;
            case Slot s -> false;
        };
    }

    /** Throws a one-line error unless the region's layer, kv head and slot exist in a model of shape {@code c}. */
    default void check(GsaConfig c) {
        switch (this) {
            case Whole() -> { }
            case Layer(int l) -> inRange("layer", l, c.numLayers());
            case Head(int l, int h) -> {
                inRange("layer", l, c.numLayers());
                inRange("kv head", h, c.numKvHeads());
            }
            case Slot(int l, int h, int m) -> {
                inRange("layer", l, c.numLayers());
                inRange("kv head", h, c.numKvHeads());
                inRange("slot", m, c.numSlots());
            }
        }
    }

    private static void inRange(String what, int i, int n) {
        if (i < 0 || i >= n) throw new GsaException(what + " " + i + " is outside 0.." + (n - 1));
    }

    /**
     * {@code base} with this region taken from {@code donor}, a new state at their common position (the arrays are
     * copies). Both states must be of a model of shape {@code c} and saved at the same position.
     */
    default RecurrentState replace(RecurrentState base, RecurrentState donor, GsaConfig c) {
        check(c);
        checkSources(base, donor);
        RecurrentState out = base.copy();
        int heads = c.numKvHeads(), slots = c.numSlots();
        for (int l = 0; l < c.numLayers(); l++) {
            int[] rows = slotRows(l, heads, slots);
            copyRows(donor.keySlots()[l], out.keySlots()[l], rows, c.headKDim());
            copyRows(donor.valueSlots()[l], out.valueSlots()[l], rows, c.headVDim());
            if (coversConv(l) && donor.convState()[l] != null) out.convState()[l] = donor.convState()[l].clone();
        }
        return out;
    }

    /** Throws unless a base and a donor state were saved at the same token. */
    static void checkSources(RecurrentState base, RecurrentState donor) {
        if (base.position() != donor.position())
            throw new GsaException("a region is taken from a state at position " + donor.position() + " into one at " + base.position()
                    + ": they must be saved at the same token");
    }

    private static void copyRows(float[] from, float[] to, int[] rows, int width) {
        System.arraycopy(from, rows[0] * width, to, rows[0] * width, (rows[1] - rows[0]) * width);
    }
}
