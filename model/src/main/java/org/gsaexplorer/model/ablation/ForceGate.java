package org.gsaexplorer.model.ablation;

import org.gsaexplorer.model.error.GsaException;

/**
 * {@code force-gate=L:H:M=A[@T1-T2]}: the forget gate of slot M of kv head H in layer L is pinned to A over tokens
 * T1..T2 (both included; every token without a range). In layer L, kv head H, for T1 ≤ t ≤ T2: α_t[M] := A and
 * s_t[M] := 1 − A, so K̃_t[M] = A·K̃_{t−1}[M] + (1 − A)·k̂_t (Ṽ likewise). A = 1 freezes the slot, A = 0 makes it
 * hold the current token only.
 */
public record ForceGate(int layer, int kvHead, int slot, float alpha, int from, int to) implements Intervention.GateEdit {
    public ForceGate {
        if (!(alpha >= 0f && alpha <= 1f)) throw new GsaException("force-gate: the gate " + alpha + " must be in [0, 1]");
        if (from < 0 || to < from) throw new GsaException("force-gate: the token range " + from + "-" + to + " is empty or negative");
    }

    static ForceGate parse(String spec, String value) {
        int eq = value.indexOf('=');
        if (eq < 0) throw new GsaException("ablation " + spec + ": expected L:H:M=A[@T1-T2]");
        int[] n = Specs.numbers(spec, value.substring(0, eq), 3, "L:H:M=A[@T1-T2]");
        String rest = value.substring(eq + 1);
        int at = rest.indexOf('@');
        float a;
        try {
            a = Float.parseFloat(at < 0 ? rest : rest.substring(0, at));
        } catch (NumberFormatException e) {
            throw new GsaException("ablation " + spec + ": the gate '" + (at < 0 ? rest : rest.substring(0, at)) + "' is not a number");
        }
        if (!(a >= 0f && a <= 1f)) throw new GsaException("ablation " + spec + ": the gate " + a + " must be in [0, 1]");
        int from = 0, to = Integer.MAX_VALUE;
        if (at >= 0) {
            String range = rest.substring(at + 1);
            int dash = range.indexOf('-');
            if (dash <= 0) throw new GsaException("ablation " + spec + ": the token range must be T1-T2");
            from = Specs.nonNegative(spec, range.substring(0, dash));
            to = Specs.nonNegative(spec, range.substring(dash + 1));
            if (to < from) throw new GsaException("ablation " + spec + ": the token range " + from + "-" + to + " ends before it starts");
        }
        return new ForceGate(n[0], n[1], n[2], a, from, to);
    }

    @Override public float write() { return 1f - alpha; }

    @Override
    public String spec() {
        String range = from == 0 && to == Integer.MAX_VALUE ? "" : "@" + from + "-" + to;
        return "force-gate=" + layer + ":" + kvHead + ":" + slot + "=" + alpha + range;
    }
}
