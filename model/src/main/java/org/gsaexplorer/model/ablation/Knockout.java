package org.gsaexplorer.model.ablation;

/**
 * {@code knockout=L:H:M[@T]}: slot M of kv head H in layer L is emptied at token T (default 0) and never written after.
 * In layer L, kv head H, for every token t ≥ T: α_t[M] := 0 and s_t[M] := 0, so §4's update gives
 * K̃_t[M] = 0·K̃_{t−1}[M] + 0·k̂_t = 0 and Ṽ_t[M] = 0 from T on. The slot still takes part in the readout, with score
 * z_t[M] = ⟨0, q̂⟩ = 0 and nothing to read.
 */
public record Knockout(int layer, int kvHead, int slot, int from) implements Intervention.GateEdit {
    static Knockout parse(String spec, String value) {
        int at = value.indexOf('@');
        int[] n = Specs.numbers(spec, at < 0 ? value : value.substring(0, at), 3, "L:H:M[@T]");
        return new Knockout(n[0], n[1], n[2], at < 0 ? 0 : Specs.nonNegative(spec, value.substring(at + 1)));
    }

    @Override public int to() { return Integer.MAX_VALUE; }
    @Override public float alpha() { return 0f; }
    @Override public float write() { return 0f; }

    @Override
    public String spec() {
        return "knockout=" + layer + ":" + kvHead + ":" + slot + (from == 0 ? "" : "@" + from);
    }
}
