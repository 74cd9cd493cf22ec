package org.gsaexplorer.model.backend;

import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.ops.ArrayMatrix;
import org.gsaexplorer.model.ops.Matrix;
import org.gsaexplorer.model.weights.Checkpoint;
import org.gsaexplorer.model.weights.LayerWeights;
import org.gsaexplorer.model.weights.Tensor;

/**
 * A checkpoint's weights for the CPU backends, in the current layout whatever the file's layout (the 2024 fused MLP
 * weight is split into gate = rows [0, I), up = rows [I, 2I)). The matrices come from a {@link MatrixSource}: widened
 * to fp32 arrays, or left mapped in the checkpoint's dtype; the small vectors (norms, conv taps, t2r) are fp32 arrays.
 */
public final class CpuWeights {
    public final GsaConfig config;
    public final Matrix embeddings, lmHead;
    public final float[] finalNorm;
    public final Layer[] layers;

    public record Layer(float[] attnNorm, Matrix q, Matrix k, Matrix v, Matrix f,
                        float[] qConv, float[] kConv, float[] vConv, float[] t2r, float[] gNorm, Matrix o,
                        float[] mlpNorm, Matrix gate, Matrix up, Matrix down) {
    }

    /** Makes the matrix of rows [firstRow, firstRow + rows) of a 2-D tensor. */
    public interface MatrixSource {
        Matrix of(Tensor t, int firstRow, int rows);
    }

    /** Every matrix widened to an fp32 array on the heap. */
    public static final MatrixSource WIDENED = (t, firstRow, rows) -> {
        int cols = (int) t.shape()[1];
        float[] all = t.toFloatArray();
        float[] part = firstRow == 0 && rows * cols == all.length ? all
                : java.util.Arrays.copyOfRange(all, firstRow * cols, (firstRow + rows) * cols);
        return new ArrayMatrix(part, rows, cols);
    };

    public CpuWeights(Checkpoint ckpt) {
        this(ckpt, WIDENED);
    }

    public CpuWeights(Checkpoint ckpt, MatrixSource source) {
        config = ckpt.config();
        embeddings = whole(source, ckpt.embeddings());
        finalNorm = ckpt.finalNorm().toFloatArray();
        lmHead = ckpt.lmHead() == ckpt.embeddings() ? embeddings : whole(source, ckpt.lmHead());
        LayerWeights[] src = ckpt.layers();
        layers = new Layer[src.length];
        for (int i = 0; i < src.length; i++) layers[i] = convert(src[i], config.intermediateSize(), source);
    }

    private static Layer convert(LayerWeights w, int inter, MatrixSource s) {
        Matrix gate, up;
        if (w.mlpGateUp() != null) {
            gate = s.of(w.mlpGateUp(), 0, inter);
            up = s.of(w.mlpGateUp(), inter, inter);
        } else {
            gate = whole(s, w.mlpGate());
            up = whole(s, w.mlpUp());
        }
        return new Layer(f(w.attnNorm()), whole(s, w.qProj()), whole(s, w.kProj()), whole(s, w.vProj()), whole(s, w.fProj()),
                f(w.qConv()), f(w.kConv()), f(w.vConv()), f(w.t2r()), f(w.gNorm()), whole(s, w.oProj()),
                f(w.mlpNorm()), gate, up, whole(s, w.mlpDown()));
    }

    private static Matrix whole(MatrixSource s, Tensor t) {
        return s.of(t, 0, (int) t.shape()[0]);
    }

    private static float[] f(Tensor t) {
        return t == null ? null : t.toFloatArray();
    }
}
