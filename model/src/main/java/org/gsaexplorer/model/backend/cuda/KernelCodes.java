package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.ablation.Readout;
import org.gsaexplorer.model.config.FeatureMap;

/** The numbers the kernels take for a readout and a pointwise feature map. */
final class KernelCodes {
    private KernelCodes() {
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
