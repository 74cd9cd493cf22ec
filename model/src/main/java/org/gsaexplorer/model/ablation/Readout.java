package org.gsaexplorer.model.ablation;

import org.gsaexplorer.model.error.GsaException;

/**
 * The nonlinearity that turns slot scores z into readout weights p. The trained model uses softmax. The others are the
 * paper's readout ablations; since they are not distributions by themselves, GSA Explorer normalises them by the sum of
 * their absolute values, p = f(z) / max(Σ_m |f(z_m)|, 1e-6), so the weights are on the same scale as softmax (they sum
 * to 1 when f ≥ 0) and a readout of all-zero scores stays zero instead of dividing by zero.
 */
public enum Readout {
    SOFTMAX("softmax"), SWISH("swish"), RELU("relu"), RELU2("relu2");

    public final String id;

    Readout(String id) {
        this.id = id;
    }

    public static Readout parse(String s) {
        for (Readout r : values()) if (r.id.equals(s)) return r;
        throw new GsaException("ablation readout=" + s + ": unknown readout (expected softmax, swish, relu or relu2)");
    }
}
