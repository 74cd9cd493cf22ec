package org.gsaexplorer.model.backend;

import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.weights.Checkpoint;
import org.gsaexplorer.model.weights.LayerWeights;
import org.gsaexplorer.model.weights.Tensor;

import java.util.Arrays;

/**
 * A checkpoint's weights as fp32 arrays for the CPU backends, in the current layout whatever the file's layout (the
 * 2024 fused MLP weight is split into gate = rows [0, I), up = rows [I, 2I)).
 */
public final class CpuWeights {
    public final GsaConfig config;
    public final float[] embeddings, finalNorm, lmHead;
    public final Layer[] layers;

    public record Layer(float[] attnNorm, float[] q, float[] k, float[] v, float[] f,
                        float[] qConv, float[] kConv, float[] vConv, float[] t2r, float[] gNorm, float[] o,
                        float[] mlpNorm, float[] gate, float[] up, float[] down) {
    }

    public CpuWeights(Checkpoint ckpt) {
        config = ckpt.config();
        embeddings = ckpt.embeddings().toFloatArray();
        finalNorm = ckpt.finalNorm().toFloatArray();
        lmHead = ckpt.lmHead() == ckpt.embeddings() ? embeddings : ckpt.lmHead().toFloatArray();
        LayerWeights[] src = ckpt.layers();
        layers = new Layer[src.length];
        for (int i = 0; i < src.length; i++) layers[i] = convert(src[i], config.intermediateSize(), config.hiddenSize());
    }

    private static Layer convert(LayerWeights w, int inter, int d) {
        float[] gate, up;
        if (w.mlpGateUp() != null) {
            float[] fused = w.mlpGateUp().toFloatArray();
            gate = Arrays.copyOfRange(fused, 0, inter * d);
            up = Arrays.copyOfRange(fused, inter * d, 2 * inter * d);
        } else {
            gate = w.mlpGate().toFloatArray();
            up = w.mlpUp().toFloatArray();
        }
        return new Layer(f(w.attnNorm()), f(w.qProj()), f(w.kProj()), f(w.vProj()), f(w.fProj()),
                f(w.qConv()), f(w.kConv()), f(w.vConv()), f(w.t2r()), f(w.gNorm()), f(w.oProj()),
                f(w.mlpNorm()), gate, up, f(w.mlpDown()));
    }

    private static float[] f(Tensor t) {
        return t == null ? null : t.toFloatArray();
    }
}
