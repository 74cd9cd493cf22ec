package org.gsaexplorer.model.backend.nd4j;

import org.gsaexplorer.model.config.FeatureMap;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Swish;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The pointwise and row-wise pieces of the forward pass on ND4J arrays, for the many-token path. */
final class Nd4jOps {
    private Nd4jOps() {
    }

    /** x·σ(x) in place; returns x. */
    static INDArray silu(INDArray x) {
        Nd4j.exec(new Swish(x, x));
        return x;
    }

    /** RMSNorm over the rows of x [T, n] into a new array; w [1, n] or null. */
    static INDArray rmsNorm(INDArray x, INDArray w, double eps) {
        long rows = x.size(0);
        INDArray r = x.mul(x).mean(1).reshape(rows, 1);
        r.addi(eps);
        Transforms.sqrt(r, false).rdivi(1f);
        INDArray y = x.mulColumnVector(r);
        return w == null ? y : y.muliRowVector(w);
    }

    /** φ on rows [R, dk]: t2r's learned map first (tT = Tᵀ), then the pointwise part (an ablation may replace it). */
    static INDArray featureMap(INDArray x, FeatureMap model, FeatureMap override, INDArray tT) {
        if (model == FeatureMap.T2R) x = x.mmul(tT);
        FeatureMap pointwise = override != null ? override : model;
        return switch (pointwise) {
            case SWISH -> silu(x);
            case RELU, T2R -> Transforms.relu(x, false);
            case RELU2 -> {
                Transforms.relu(x, false);
                yield x.muli(x);
            }
            case IDENTITY -> x;
        };
    }
}
