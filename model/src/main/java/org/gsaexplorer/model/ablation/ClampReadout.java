package org.gsaexplorer.model.ablation;

import org.gsaexplorer.model.config.GsaConfig;

/**
 * {@code clamp-readout=L:Hq:M}: query head Hq of layer L reads only slot M. In layer L, for query head Hq and every
 * token t, the readout weights of §4 become one-hot, p_t[m] := 1 if m = M else 0, so o_t = Ṽ_t[M]. The scores z_t are
 * computed (and recorded) as usual.
 */
public record ClampReadout(int layer, int queryHead, int slot) implements Intervention {
    @Override
    public void check(GsaConfig c) {
        Intervention.checkRange(spec(), "layer", layer, c.numLayers());
        Intervention.checkRange(spec(), "query head", queryHead, c.numHeads());
        Intervention.checkRange(spec(), "slot", slot, c.numSlots());
    }

    @Override
    public String spec() {
        return "clamp-readout=" + layer + ":" + queryHead + ":" + slot;
    }
}
