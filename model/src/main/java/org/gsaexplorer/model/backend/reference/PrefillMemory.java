package org.gsaexplorer.model.backend.reference;

import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.probe.LayerProbe;

/**
 * The slot memory of one layer over a run of tokens, as prefill computes it (docs/gsa-forward.md §5): from the state
 * {@code key} [Hkv][M][dk], {@code value} [Hkv][M][dv], the feature-mapped q̂ [T][H][dk], k̂ [T][Hkv][dk],
 * v̂ [T][Hkv][dv] and the gates α, s [T][Hkv][M] (ablations and gate edits applied), it fills the scores z and
 * readouts p [T][H][M] and the head outputs o [T][H][dv], leaves the state after the last token, and records the slot
 * row norms when {@code probe} is not null. {@link ChunkedSlotMemory} is the reference; a backend passes its own to
 * {@link ReferenceSession}.
 */
@FunctionalInterface
public interface PrefillMemory {
    void forward(GsaConfig c, Ablations ab, int layer, float[] key, float[] value, float[] q, float[] k, float[] v,
                 float[] alpha, float[] write, int t, float[] z, float[] p, float[] o, LayerProbe probe);
}
