package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.ablation.Readout;
import org.gsaexplorer.model.config.FeatureMap;

import java.util.ArrayList;
import java.util.List;

/**
 * The numbers the kernels take for a readout and a pointwise feature map, declared here only: the kernels compare with
 * the READOUT_* and FEATURE_* constants that {@link #defines} passes to NVRTC.
 */
final class KernelCodes {
    private KernelCodes() {
    }

    /** Ints per gate-edit record of gate_edit: slot, first and last position, α and s bits ({@link InterventionTables}). */
    static final int GATE_EDIT_INTS = 5;

    /** -DREADOUT_SOFTMAX=0 and so on, for every readout and pointwise feature map, and the gate-edit record width. */
    static List<String> defines() {
        List<String> d = new ArrayList<>();
        d.add("-DGATE_EDIT_INTS=" + GATE_EDIT_INTS);
        for (Readout r : Readout.values()) d.add("-DREADOUT_" + r.name() + "=" + readout(r));
        for (FeatureMap f : FeatureMap.values())
            if (f != FeatureMap.T2R) d.add("-DFEATURE_" + f.name() + "=" + feature(f));
        return d;
    }

    static int readout(Readout r) {
        return switch (r) {
            case SOFTMAX -> 0;
            case SWISH -> 1;
            case RELU -> 2;
            case RELU2 -> 3;
        };
    }

    /** T2R's pointwise part is relu (its learned matrix is applied by t2r_rows). */
    static int feature(FeatureMap f) {
        return switch (f) {
            case SWISH -> 0;
            case RELU, T2R -> 1;
            case RELU2 -> 2;
            case IDENTITY -> 3;
        };
    }
}
