package org.gsaexplorer.model.weights;

/**
 * One GSA block's weights, in the current layout's terms whatever the file's layout, as the raw checkpoint tensors
 * (still mapped, in their file dtype). Optional tensors are null when the config does not use them.
 * The 2024 layout's fused MLP weight is kept whole in {@code mlpGateUp} ([2I, D]: gate rows then up rows);
 * the current layout has {@code mlpGate} and {@code mlpUp} apart and {@code mlpGateUp} null.
 */
public record LayerWeights(
        Tensor attnNorm, Tensor qProj, Tensor kProj, Tensor vProj, Tensor fProj,
        Tensor qConv, Tensor kConv, Tensor vConv, Tensor t2r, Tensor gNorm, Tensor oProj,
        Tensor mlpNorm, Tensor mlpGate, Tensor mlpUp, Tensor mlpGateUp, Tensor mlpDown) {
}
