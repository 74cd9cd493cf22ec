package org.gsaexplorer.visualizer.views;

import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.ablation.Readout;

/**
 * What each view draws under a run's ablations, in words: the titles follow what the ablated forward pass computes
 * (see {@link Ablations}), so a picture never claims a quantity the run did not use, and the badge every view and the
 * status bar carry while an ablation is on.
 */
public final class Titles {
    private Titles() {
    }

    /** "ablated: no-forget, readout=relu", or null without ablations. */
    public static String badge(Ablations a) {
        return a.isNone() ? null : "ablated: " + a.describe();
    }

    /** The slot write weights s. */
    public static String writes(Ablations a) {
        String s;
        if (a.noForget()) s = "Slot writes s = the model's 1−α (decay off: α := 1)";
        else if (a.constantDecay() != null) s = "Slot writes 1−" + a.constantDecay() + " (constant decay)";
        else if (a.meanDecay() || a.decayTable() != null) s = "Slot writes 1−ᾱ (each slot's mean decay)";
        else s = "Slot writes 1−α";
        return s + budget(a);
    }

    /** The forget gates α. */
    public static String gates(Ablations a) {
        String s;
        if (a.noForget()) s = "Forget gate α := 1 (no-forget)";
        else if (a.constantDecay() != null) s = "Forget gate α := " + a.constantDecay() + " (constant)";
        else if (a.meanDecay() || a.decayTable() != null) s = "Forget gate α := each slot's mean ᾱ";
        else s = "Forget gate α";
        return s + budget(a);
    }

    /** The readout weights p over slots. */
    public static String readout(Ablations a) {
        return readoutName(a.readout()) + " readout p" + budget(a);
    }

    /** The implicit token-to-token attention, which the readout's weights shape. */
    public static String attention(Ablations a) {
        return "Implicit attention A[t,s]" + (a.readout() == Readout.SOFTMAX ? "" : " via " + readoutName(a.readout()) + " readout");
    }

    /** The readout nonlinearity as the paper spells it. */
    public static String readoutName(Readout r) {
        return switch (r) {
            case SOFTMAX -> "Softmax";
            case SWISH -> "Swish";
            case RELU -> "ReLU";
            case RELU2 -> "ReLU²";
        };
    }

    private static String budget(Ablations a) {
        return a.slotBudget() > 0 ? " · slots ≥ " + a.slotBudget() + " off" : "";
    }
}
