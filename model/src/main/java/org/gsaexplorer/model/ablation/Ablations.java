package org.gsaexplorer.model.ablation;

import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.config.FeatureMap;
import org.gsaexplorer.model.config.GsaConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * Interventions on a trained GSA model, switched at run time without reloading. Each mirrors an ablation of the paper
 * and applies to every layer:
 * <ul>
 * <li>{@code no-forget}: the decay α := 1 (slots never forget); the write weight keeps the model's own s_t = 1 − α_t,
 *     since with s = 1 − 1 = 0 nothing would ever be written. The memory becomes the plain running sum Σ s_t·k_t.</li>
 * <li>{@code decay=C} / {@code decay=mean}: data-independent decay, α := C for every slot and token (s = 1 − C); with
 *     {@code mean}, α := the slot's own mean gate over the prompt (resolved by {@link MeanDecay} before the run).</li>
 * <li>{@code readout=softmax|swish|relu|relu2}: the nonlinearity between the two passes (see {@link Readout}).</li>
 * <li>{@code slots=m'}: slot budget; only slots 0..m'−1 are written (α := 1, s := 0 for the rest, which therefore
 *     stay zero) and read (the readout runs over the first m' slots; the others get weight 0).</li>
 * <li>{@code feature-map=swish|relu|relu2|identity}: replaces φ on q and k (for t2r models, the relu after the learned
 *     map).</li>
 * <li>{@code reset=t}: the recurrent state (slots and short-conv history) is zeroed just before token t (0-based
 *     position), as if the sequence restarted there.</li>
 * </ul>
 * and the targeted {@link Intervention}s on one layer, head or slot ({@code knockout}, {@code force-gate},
 * {@code clamp-readout}, {@code zero-head}; see each record for its equation), held in {@link #interventions}.
 *
 * @param decayTable per [layer][kv head][slot] constant α (flattened), or null; wins over {@code constantDecay}
 */
public record Ablations(boolean noForget, Float constantDecay, boolean meanDecay, float[] decayTable, Readout readout,
                        int slotBudget, FeatureMap featureMap, int resetAt, Interventions interventions) {

    public static final Ablations NONE = new Ablations(false, null, false, null, Readout.SOFTMAX, 0, null, -1, Interventions.NONE);

    public Ablations {
        if (readout == null) readout = Readout.SOFTMAX;
        if (interventions == null) interventions = Interventions.NONE;
        if (constantDecay != null && !(constantDecay > 0f && constantDecay <= 1f))
            throw new GsaException("ablation decay=" + constantDecay + ": the constant decay must be in (0, 1]");
        if (slotBudget < 0) throw new GsaException("ablation slots=" + slotBudget + ": must be at least 1");
        int set = (noForget ? 1 : 0) + (constantDecay != null ? 1 : 0) + (meanDecay || decayTable != null ? 1 : 0);
        if (set > 1) throw new GsaException("ablations no-forget and decay=... both set the decay; choose one");
    }

    public boolean isNone() {
        return !noForget && constantDecay == null && !meanDecay && decayTable == null
                && readout == Readout.SOFTMAX && slotBudget == 0 && featureMap == null && resetAt < 0 && interventions.isEmpty();
    }

    /** Decay overridden by a constant (given, or resolved mean)? */
    public boolean constantGate() {
        return constantDecay != null || decayTable != null;
    }

    /** The constant α for (layer, kv head, slot), when {@link #constantGate()}. */
    public float decay(int layer, int kvHead, int slot, GsaConfig c) {
        if (decayTable != null) return decayTable[(layer * c.numKvHeads() + kvHead) * c.numSlots() + slot];
        return constantDecay;
    }

    /** Number of slots in use for a model with {@code m} slots. */
    public int activeSlots(int m) {
        return slotBudget == 0 ? m : Math.min(slotBudget, m);
    }

    public Ablations withNoForget(boolean on) { return new Ablations(on, constantDecay, meanDecay, decayTable, readout, slotBudget, featureMap, resetAt, interventions); }
    public Ablations withConstantDecay(Float c) { return new Ablations(noForget, c, false, null, readout, slotBudget, featureMap, resetAt, interventions); }
    public Ablations withMeanDecay(boolean on) { return new Ablations(noForget, null, on, null, readout, slotBudget, featureMap, resetAt, interventions); }
    public Ablations withDecayTable(float[] t) { return new Ablations(noForget, null, false, t, readout, slotBudget, featureMap, resetAt, interventions); }
    public Ablations withReadout(Readout r) { return new Ablations(noForget, constantDecay, meanDecay, decayTable, r, slotBudget, featureMap, resetAt, interventions); }
    public Ablations withSlotBudget(int m) { return new Ablations(noForget, constantDecay, meanDecay, decayTable, readout, m, featureMap, resetAt, interventions); }
    public Ablations withFeatureMap(FeatureMap f) { return new Ablations(noForget, constantDecay, meanDecay, decayTable, readout, slotBudget, f, resetAt, interventions); }
    public Ablations withResetAt(int t) { return new Ablations(noForget, constantDecay, meanDecay, decayTable, readout, slotBudget, featureMap, t, interventions); }
    public Ablations withIntervention(Intervention i) { return new Ablations(noForget, constantDecay, meanDecay, decayTable, readout, slotBudget, featureMap, resetAt, interventions.with(i)); }

    /** Refuses interventions naming a layer, head or slot that the model {@code c} does not have. */
    public void check(GsaConfig c) {
        interventions.check(c);
    }

    /** Parses one CLI spec NAME[=VALUE] onto {@code base}. */
    public static Ablations parse(Ablations base, String spec) {
        int eq = spec.indexOf('=');
        String name = eq < 0 ? spec : spec.substring(0, eq);
        String value = eq < 0 ? null : spec.substring(eq + 1);
        Intervention targeted = Intervention.parse(name, value == null ? "" : value);
        if (targeted != null) return base.withIntervention(targeted);
        try {
            return switch (name) {
                case "no-forget" -> noValue(spec, value, base.withNoForget(true));
                case "decay" -> "mean".equals(value) ? base.withMeanDecay(true) : base.withConstantDecay(Float.parseFloat(need(spec, value)));
                case "readout" -> base.withReadout(Readout.parse(need(spec, value)));
                case "slots" -> {
                    int m = Integer.parseInt(need(spec, value));
                    if (m < 1) throw new GsaException("ablation " + spec + ": the slot budget must be at least 1");
                    yield base.withSlotBudget(m);
                }
                case "feature-map" -> {
                    FeatureMap f = FeatureMap.parse(need(spec, value), "ablation " + spec);
                    if (f == FeatureMap.T2R) throw new GsaException("ablation " + spec + ": t2r needs learned weights; use swish, relu, relu2 or identity");
                    yield base.withFeatureMap(f);
                }
                case "reset" -> {
                    int t = Integer.parseInt(need(spec, value));
                    if (t < 0) throw new GsaException("ablation " + spec + ": the reset position must be 0 or more");
                    yield base.withResetAt(t);
                }
                default -> throw new GsaException("unknown ablation '" + name + "' (expected no-forget, decay=C|mean, readout=..., slots=N, feature-map=..., reset=T, knockout=L:H:M[@T], force-gate=L:H:M=A[@T1-T2], clamp-readout=L:Hq:M, zero-head=L:H)");
            };
        } catch (NumberFormatException e) {
            throw new GsaException("ablation " + spec + ": '" + value + "' is not a number");
        }
    }

    public static Ablations parseAll(List<String> specs) {
        Ablations a = NONE;
        for (String s : specs) a = parse(a, s);
        return a;
    }

    private static String need(String spec, String value) {
        if (value == null || value.isEmpty()) throw new GsaException("ablation " + spec + ": needs a value (NAME=VALUE)");
        return value;
    }

    private static Ablations noValue(String spec, String value, Ablations a) {
        if (value != null) throw new GsaException("ablation " + spec + ": takes no value");
        return a;
    }

    /** A short human description, e.g. for legends and file names. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (noForget) parts.add("no-forget");
        if (constantDecay != null) parts.add("decay=" + constantDecay);
        if (meanDecay || decayTable != null) parts.add("decay=mean");
        if (readout != Readout.SOFTMAX) parts.add("readout=" + readout.id);
        if (slotBudget > 0) parts.add("slots=" + slotBudget);
        if (featureMap != null) parts.add("feature-map=" + featureMap.id);
        if (resetAt >= 0) parts.add("reset=" + resetAt);
        for (Intervention i : interventions.all()) parts.add(i.spec());
        return parts.isEmpty() ? "baseline" : String.join(", ", parts);
    }
}
