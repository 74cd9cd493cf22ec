package org.gsaexplorer.model.recall;

import org.gsaexplorer.model.probe.LayerProbe;

/**
 * What a slot remembers. Unrolling K̃_t[m] = α_t[m]·K̃_{t−1}[m] + s_t[m]·k̂_t from the zero state gives
 * K̃_t[m] = Σ_{s≤t} w_s·k̂_s with w_s = s_s[m]·Π_{s<r≤t} α_r[m] (likewise Ṽ with v̂): slot m at time t is a weighted sum
 * of the tokens written so far, and w_s is how much of token s is still in it. Computed from the probed gates, so it
 * follows ablations (e.g. no-forget keeps the model's write weight but sets α = 1).
 */
public final class SlotProvenance {
    private SlotProvenance() {
    }

    /** w_s for s = 0..t (index = position relative to the probe's first token). */
    public static float[] weights(LayerProbe p, int kvHead, int slot, int t) {
        float[] w = new float[t + 1];
        double decay = 1;
        for (int s = t; s >= 0; s--) {
            int i = p.kvIndex(s, kvHead, slot);
            w[s] = (float) (p.write()[i] * decay);
            decay *= p.alpha()[i];
        }
        return w;
    }
}
