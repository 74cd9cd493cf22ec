package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.backend.cuda.runtime.Cublas;
import org.gsaexplorer.model.backend.cuda.runtime.SessionStream;
import org.gsaexplorer.model.config.GsaConfig;

/**
 * Prefill launches for {@code batch} sequences of t tokens each, already in ids one sequence after the other: the
 * projections as cuBLAS GEMMs over all batch·t rows, the slot memory in its chunked form (token by token for t = 1, a
 * batched decode step), and the LM head over every row or (GEMVs) over each sequence's last one only.
 */
final class PrefillPass {
    private final GsaConfig c;
    private final DeviceWeights w;
    private final Kernels k;
    private final SessionStream ss;
    private final RowScratch rows;
    private final SlotMemory slots;
    private final ProbeLayout probes;
    private final GemvLaunch gemv;

    PrefillPass(CudaModel model, SessionStream ss, RowScratch rows, SlotMemory slots, ProbeLayout probes, GemvLaunch gemv) {
        this.c = model.config;
        this.w = model.weights;
        this.k = model.kernels;
        this.ss = ss;
        this.rows = rows;
        this.slots = slots;
        this.probes = probes;
        this.gemv = gemv;
    }

    /**
     * Logits for all rows, or (allLogits false) only each sequence's last, into logits row b; the probes of
     * {@code probeLayers} into the probe buffer.
     */
    void launches(int batch, int t, int[] probeLayers, boolean allLogits) {
        int d = c.hiddenSize(), inter = c.intermediateSize(), stride = DeviceWeights.stride(c);
        float eps = (float) c.normEps();
        Cublas blas = Cublas.get();
        long x = rows.x, xn = rows.xn, qkvf = rows.qkvf, o = rows.o, gu = rows.gu, hAct = rows.hAct, ids = rows.ids;
        int n = batch * t;
        ss.launch(k, "embed", n, 1, 256, 0, a -> a.ptr(w.embed).i32(w.dt).ptr(ids).ptr(x).i32(d));
        for (int l = 0; l < c.numLayers(); l++) {
            DeviceWeights.Layer lw = w.layers[l];
            rmsRows(n, x, d, lw.attnNorm(), eps, false, xn);
            k.timed("gemm qkvf", ss.stream, () -> blas.linear(ss.cublas, lw.qkvf(), xn, qkvf, n, d, stride, w.dt, 0f));
            slots.run(l, batch, t, probes.slotOut(ProbeLayout.slot(probeLayers, l), n, rows), true);
            rmsRows(n, o, c.valueDim(), lw.gNorm(), (float) GsaConfig.G_NORM_EPS, true, xn);
            k.timed("gemm o_proj", ss.stream, () -> blas.linear(ss.cublas, lw.o(), xn, x, n, c.valueDim(), d, w.dt, 1f));
            rmsRows(n, x, d, lw.mlpNorm(), eps, false, xn);
            k.timed("gemm gate_up", ss.stream, () -> blas.linear(ss.cublas, lw.gateUp(), xn, gu, n, d, 2 * inter, w.dt, 0f));
            ss.launch(k, "swiglu_rows", n, 1, 256, 0, a -> a.ptr(gu).i32(inter).ptr(hAct).i32(w.dt));
            k.timed("gemm down", ss.stream, () -> blas.linear(ss.cublas, lw.down(), hAct, x, n, inter, d, w.dt, 1f));
        }
        if (allLogits) {
            rmsRows(n, x, d, w.finalNorm, eps, false, xn);
            k.timed("gemm lm_head", ss.stream, () -> blas.linear(ss.cublas, w.lmHead, xn, rows.logits, n, d, c.vocabSize(), w.dt, 0f));
        } else {
            for (int b = 0; b < batch; b++)
                gemv.launch(GemvLaunch.dtName(w.dt) + "_10", false, w.lmHead, x + 4L * ((long) (b + 1) * t - 1) * d, w.finalNorm, eps,
                        rows.logits + 4L * b * c.vocabSize(), c.vocabSize(), d, a -> { });
        }
    }

    private void rmsRows(int t, long in, int width, long norm, float eps, boolean siluFirst, long out) {
        ss.launch(k, "rms_rows", t, 1, 256, 0, a -> a.ptr(in).i32(width).ptr(norm).f32(eps).i32(siluFirst ? 1 : 0).ptr(out).i32(w.dt));
    }
}
