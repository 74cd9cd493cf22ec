package org.gsaexplorer.model.backend.nd4j;

import org.gsaexplorer.model.Backend;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.backend.CpuWeights;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.weights.Checkpoint;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A checkpoint's weights as ND4J arrays, converted once and shared by all sessions. The projections that read the
 * same input are fused so each costs one GEMM: q|k|v|f rows in one [Cq+Ck+Cv+Hkv·M, D] matrix, gate|up in one
 * [2I, D]. Small vectors (norms, conv taps, t2r, embeddings for row lookup) also stay as Java arrays for the step path.
 */
final class Nd4jModel implements LoadedModel {
    final Backend backend;
    final GsaConfig c;
    final float[] embeddings, finalNorm;
    final INDArray lmHead, finalNormRow;
    final Layer[] layers;

    /** Weights of one block; the *Row arrays are [1, n] views of the same values for broadcasting in prefill. */
    record Layer(float[] attnNorm, INDArray attnNormRow, INDArray qkvf, float[] conv, INDArray convTaps,
                 float[] t2r, INDArray t2rT, float[] gNorm, INDArray gNormRow, INDArray o,
                 float[] mlpNorm, INDArray mlpNormRow, INDArray gateUp, INDArray down) {
    }

    Nd4jModel(Backend backend, Checkpoint ckpt) {
        this.backend = backend;
        CpuWeights w = new CpuWeights(ckpt);
        c = w.config;
        int d = c.hiddenSize();
        embeddings = w.embeddings.values();
        finalNorm = w.finalNorm;
        finalNormRow = row(finalNorm);
        lmHead = matrix(w.lmHead.values(), c.vocabSize(), d);
        layers = new Layer[c.numLayers()];
        for (int i = 0; i < layers.length; i++) layers[i] = layer(w.layers[i]);
    }

    private Layer layer(CpuWeights.Layer l) {
        int d = c.hiddenSize(), dk = c.headKDim(), inter = c.intermediateSize();
        int n = c.keyDim() + c.kvKeyDim() + c.kvValueDim() + c.numKvHeads() * c.numSlots();
        INDArray qkvf = matrix(concat(l.q().values(), l.k().values(), l.v().values(), l.f().values()), n, d);
        float[] conv = null;
        INDArray taps = null;
        if (c.useShortConv()) {
            conv = concat(l.qConv(), l.kConv(), l.vConv());
            int channels = c.keyDim() + c.kvKeyDim() + c.kvValueDim();
            taps = matrix(conv, channels, c.convSize()).transpose().dup('c'); // [W, C]: one row per tap
        }
        INDArray t2rT = l.t2r() == null ? null : matrix(l.t2r(), dk, dk).transpose().dup('c');
        return new Layer(l.attnNorm(), row(l.attnNorm()), qkvf, conv, taps, l.t2r(), t2rT, l.gNorm(), row(l.gNorm()),
                matrix(l.o().values(), d, c.valueDim()), l.mlpNorm(), row(l.mlpNorm()),
                matrix(concat(l.gate().values(), l.up().values()), 2 * inter, d), matrix(l.down().values(), d, inter));
    }

    private static INDArray matrix(float[] a, int rows, int cols) {
        return Nd4j.create(a, new long[]{rows, cols}, DataType.FLOAT);
    }

    private static INDArray row(float[] a) {
        return a == null ? null : matrix(a, 1, a.length);
    }

    private static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) n += p.length;
        float[] out = new float[n];
        int off = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }

    @Override public GsaConfig config() { return c; }
    @Override public Backend backend() { return backend; }
    @Override public GsaSession newSession() { return new Nd4jSession(this); }

    /** Frees the weights' native buffers at once (ND4J would otherwise wait for the collector); sessions must be closed first. */
    @Override
    public void close() {
        release(lmHead, finalNormRow);
        for (Layer l : layers)
            release(l.attnNormRow(), l.qkvf(), l.convTaps(), l.t2rT(), l.gNormRow(), l.o(), l.mlpNormRow(), l.gateUp(), l.down());
    }

    private static void release(INDArray... arrays) {
        for (INDArray a : arrays)
            if (a != null && a.closeable()) a.close();
    }
}
