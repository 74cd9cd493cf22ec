package org.gsaexplorer.model.ops;

import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.config.GsaConfig;

/**
 * GSA's data-dependent forget gate per slot: g = log σ(f) / τ ≤ 0, α = exp(g) = σ(f)^{1/τ} ∈ (0, 1), and the slot
 * write weight s = 1 − α. The ablations that touch the gate are applied here, in one place for every CPU backend, and
 * then the gate edits of the targeted interventions (knockout, force-gate), which win over them.
 */
public final class ForgetGate {
    private ForgetGate() {
    }

    public static float alpha(float gateLogit, float tau) {
        return (float) Math.exp(Activations.logSigmoid(gateLogit) / tau);
    }

    /**
     * Fills α and s ([T][Hkv][M], flat) from gate logits f (same layout) for one layer, under {@code ab}; row t is the
     * token at absolute position pos0 + t.
     */
    public static void fill(float[] f, int rows, GsaConfig c, int layer, int pos0, Ablations ab, float[] alpha, float[] write) {
        int hkv = c.numKvHeads(), m = c.numSlots(), active = ab.activeSlots(m);
        float tau = (float) c.gateLogitNormalizer();
        for (int t = 0; t < rows; t++) {
            for (int h = 0; h < hkv; h++) {
                int base = (t * hkv + h) * m;
                for (int i = 0; i < m; i++) {
                    float a = alpha(f[base + i], tau), s = 1f - a;
                    if (i >= active) {
                        a = 1f;
                        s = 0f;
                    } else if (ab.noForget()) {
                        a = 1f;
                    } else if (ab.constantGate()) {
                        a = ab.decay(layer, h, i, c);
                        s = 1f - a;
                    }
                    alpha[base + i] = a;
                    write[base + i] = s;
                }
            }
        }
        ab.interventions().applyGates(layer, pos0, rows, hkv, m, alpha, write);
    }
}
