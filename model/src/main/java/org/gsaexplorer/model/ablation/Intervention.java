package org.gsaexplorer.model.ablation;

import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.error.GsaException;

/**
 * One targeted intervention on one layer, as opposed to the ablations that change a mechanism everywhere. Each is a
 * change to one equation of docs/gsa-forward.md (§7), stated in its record's Javadoc; several compose, and the
 * gate edits ({@link GateEdit}) are applied after the model-wide ablations, in the order given, so the last one wins.
 * Positions are absolute token positions (0-based), the same as {@code reset=T}.
 */
public sealed interface Intervention permits Intervention.GateEdit, ClampReadout, ZeroHead {
    int layer();

    /** The spec as {@code --ablate} takes it, e.g. {@code knockout=1:0:5@3}. */
    String spec();

    /** Refuses layer, head or slot numbers that {@code c} does not have, with one line naming the spec. */
    void check(GsaConfig c);

    /** Parses the value of {@code name=value} for one of the four intervention names, or returns null for another name. */
    static Intervention parse(String name, String value) {
        String spec = name + "=" + value;
        return switch (name) {
            case "knockout" -> Knockout.parse(spec, value);
            case "force-gate" -> ForceGate.parse(spec, value);
            case "clamp-readout" -> {
                int[] n = Specs.numbers(spec, value, 3, "L:Hq:M");
                yield new ClampReadout(n[0], n[1], n[2]);
            }
            case "zero-head" -> {
                int[] n = Specs.numbers(spec, value, 2, "L:H");
                yield new ZeroHead(n[0], n[1]);
            }
            default -> null;
        };
    }

    /** The ranges every intervention is checked against. */
    static void checkRange(String spec, String what, int value, int limit) {
        if (value >= limit)
            throw new GsaException("ablation " + spec + ": " + what + " " + value + " is outside the model's 0.." + (limit - 1));
    }

    /** An intervention that overrides the gate (α, s) of one slot over a range of tokens (§3.5). */
    sealed interface GateEdit extends Intervention permits Knockout, ForceGate {
        int kvHead();

        int slot();

        int from();

        /** Last position affected (inclusive); {@link Integer#MAX_VALUE} for "every token after {@link #from}". */
        int to();

        float alpha();

        float write();

        default boolean covers(int position) {
            return position >= from() && position <= to();
        }

        @Override
        default void check(GsaConfig c) {
            checkRange(spec(), "layer", layer(), c.numLayers());
            checkRange(spec(), "kv head", kvHead(), c.numKvHeads());
            checkRange(spec(), "slot", slot(), c.numSlots());
        }
    }
}
