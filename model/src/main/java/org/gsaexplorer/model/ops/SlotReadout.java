package org.gsaexplorer.model.ops;

import org.gsaexplorer.model.ablation.Readout;

import java.util.Arrays;

/**
 * Turns slot scores z into readout weights p over the first {@code active} slots; slots past that get weight 0.
 * Softmax is max-subtracted in fp32. The ablation readouts are normalised by Σ|f(z)| (see {@link Readout}). A readout
 * clamped to one slot ({@code clamp-readout}) is one-hot there, whatever z is.
 */
public final class SlotReadout {
    private SlotReadout() {
    }

    /** @param clamp the slot this head's readout is clamped to, or −1 */
    public static void apply(Readout kind, float[] z, int off, int active, int m, float[] p, int pOff, int clamp) {
        if (clamp >= 0) {
            Arrays.fill(p, pOff, pOff + m, 0f);
            p[pOff + clamp] = 1f;
            return;
        }
        if (kind == Readout.SOFTMAX) {
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < active; i++) max = Math.max(max, z[off + i]);
            float sum = 0f;
            for (int i = 0; i < active; i++) {
                float e = (float) Math.exp(z[off + i] - max);
                p[pOff + i] = e;
                sum += e;
            }
            for (int i = 0; i < active; i++) p[pOff + i] /= sum;
        } else {
            float norm = 0f;
            for (int i = 0; i < active; i++) {
                float x = z[off + i];
                float f = switch (kind) {
                    case SWISH -> Activations.silu(x);
                    case RELU -> Math.max(x, 0f);
                    case RELU2 -> x > 0 ? x * x : 0f;
                    case SOFTMAX -> throw new AssertionError();
                };
                p[pOff + i] = f;
                norm += Math.abs(f);
            }
            norm = Math.max(norm, 1e-6f);
            for (int i = 0; i < active; i++) p[pOff + i] /= norm;
        }
        for (int i = active; i < m; i++) p[pOff + i] = 0f;
    }
}
