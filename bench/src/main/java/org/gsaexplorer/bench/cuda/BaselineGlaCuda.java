package org.gsaexplorer.bench.cuda;

import org.gsaexplorer.bench.baseline.GlaConfig;
import org.gsaexplorer.bench.sequence.SequenceSession;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.backend.cuda.runtime.CudaDevice;
import org.gsaexplorer.model.backend.cuda.runtime.HostCast;
import org.gsaexplorer.model.weights.DType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

/**
 * GLA on the GPU: per layer one stacked projection (q, k, v, low-rank gate input, output gate), the gated state update
 * and readout of every head in one kernel (fp32 state), per-head RMSNorm times the swish gate, and SwiGLU. Decode is
 * captured as one graph. Prefill uses cuBLAS GEMMs for the projections and the same kernel scanning the piece token by
 * token (not GLA's chunked form), so its prefill figure is a lower bound on what GLA can do.
 */
final class BaselineGlaCuda extends BaselineCudaModel<BaselineGlaCuda.Session> {
    final GlaConfig c;

    BaselineGlaCuda(CudaDevice dev, GlaConfig c, DType dtype, long seed, Map<String, float[]> host) {
        if (c.headKDim() > 1024) throw new GsaException("cuda gla: head key dim above 1024 is not supported");
        for (int n : new int[]{c.hidden(), c.valueDim(), c.intermediate()})
            if (n % 8 != 0) throw new GsaException("cuda gla: widths must be multiples of 8 (got " + n + ")");
        this.c = c;
        super(dev, specs(c), dtype, seed, host);
    }

    static int projWidth(GlaConfig c) {
        return 2 * c.keyDim() + 2 * c.valueDim() + c.gateRank();
    }

    static List<BaselineWeights.Spec> specs(GlaConfig c) {
        long d = c.hidden();
        return specs(c.vocab(), d, c.layers(), c.intermediate(), c.valueDim(), (l, s) -> {
            s.add(new BaselineWeights.Spec(l + ".proj", projWidth(c) * d, true, false));
            s.add(new BaselineWeights.Spec(l + ".gate_up_lr", (long) c.keyDim() * c.gateRank(), false, false));
            s.add(new BaselineWeights.Spec(l + ".gate_bias", c.keyDim(), false, false));
            s.add(new BaselineWeights.Spec(l + ".g_norm", c.headVDim(), false, true));
        });
    }

    @Override public String arch() { return "gla"; }
    @Override public int vocabSize() { return c.vocab(); }
    @Override public long parameterCount() { return c.parameters(); }
    @Override public long matmulParametersPerToken() { return c.parameters() - (long) c.vocab() * c.hidden(); }

    @Override
    public long weightBytesPerToken() {
        long d = c.hidden();
        long perLayer = (long) projWidth(c) * d + d * c.valueDim() + 3L * c.intermediate() * d;
        long small = c.layers() * ((long) c.keyDim() * c.gateRank() + c.keyDim() + c.headVDim() + 2 * d) + d;
        return (c.layers() * perLayer + c.vocab() * d + d) * w.dtype.bytes + small * Float.BYTES;
    }

    @Override
    public long stateBytes(int context) {
        return c.stateBytes();
    }

    @Override
    public long freeBytes() {
        return dev.driver.memInfo()[0];
    }

    @Override
    protected Session open() {
        return new Session();
    }

    private record Saved(int position, float[] state) implements SequenceSession.Snapshot {
    }

    final class Session extends BaselineSession {
        private final int heads = c.heads(), dk = c.headKDim(), dv = c.headVDim();
        private final int pw = projWidth(c), kd = c.keyDim(), vd = c.valueDim();
        private final int groups = (dk + 31) / 32;
        private final long stateFloats = (long) c.layers() * heads * dk * dv;
        private final long state;
        private long proj, o, gated;

        Session() {
            super(BaselineGlaCuda.this, c.vocab(), c.hidden(), c.intermediate(), c.valueDim(), (float) c.normEps());
            state = drv.alloc(4 * stateFloats, "GLA state");
            drv.zeroAsync(state, 4 * stateFloats, stream);
        }

        @Override
        protected void allocRows(int t) {
            proj = scratch(4L * t * pw, "projections");
            o = scratch(4L * t * vd, "attention output");
            gated = scratch(4L * t * vd, "gated output");
        }

        @Override
        protected void reserve(int tokens) {
        }

        private void scan(int l, int t) {
            long st = state + 4L * l * heads * dk * dv;
            float scale = (float) (1 / Math.sqrt(dk)), tau = (float) c.gateNormalizer();
            launch("bl_gla_scan", heads, (dv + 31) / 32, 32 * groups, 4 * (3 * dk + 32 * groups), a -> a.ptr(proj).i32(pw)
                    .i32(0).i32(kd).i32(2 * kd).i32(2 * kd + vd).ptr(w.get(l + ".gate_up_lr")).ptr(w.get(l + ".gate_bias"))
                    .i32(c.gateRank()).f32(tau).f32(scale).ptr(st).ptr(o).i32(t).i32(heads).i32(dk).i32(dv));
        }

        private void normGate(int l, int t, int outDt) {
            launch("bl_gla_norm_gate", t * heads, 1, 128, 0, a -> a.ptr(o).i32(heads).i32(dv).ptr(w.get(l + ".g_norm"))
                    .f32((float) c.normEps()).ptr(proj).i32(pw).i32(2 * kd + vd + c.gateRank()).ptr(gated).i32(outDt));
        }

        @Override
        protected void decodeKernels() {
            embed(1);
            for (int l = 0; l < c.layers(); l++) {
                rmsnorm(1, x, d, w.get(l + ".attn_norm"), eps, xn, HostCast.F32);
                gemv(w.get(l + ".proj"), dt, xn, proj, pw, d, false);
                scan(l, 1);
                normGate(l, 1, HostCast.F32);
                gemv(w.get(l + ".o"), dt, gated, x, d, vd, true);
                mlpDecode(l);
            }
            logitsDecode();
        }

        @Override
        protected void prefillKernels(int t, boolean allLogits) {
            embed(t);
            for (int l = 0; l < c.layers(); l++) {
                rmsnorm(t, x, d, w.get(l + ".attn_norm"), eps, xn, dt);
                blas.linear(cublas, w.get(l + ".proj"), xn, proj, t, d, pw, dt, 0f);
                scan(l, t);
                normGate(l, t, dt);
                blas.linear(cublas, w.get(l + ".o"), gated, x, t, vd, d, dt, 1f);
                mlpPrefill(l, t);
            }
            logitsPrefill(t, allLogits);
        }

        @Override
        public long stateBytes() {
            return c.stateBytes();
        }

        @Override
        public Snapshot snapshot() {
            dev.makeCurrent();
            try (Arena a = Arena.ofConfined()) {
                MemorySegment host = a.allocate(4 * stateFloats);
                drv.sync(stream);
                drv.copyDtoH(host, state, 4 * stateFloats);
                return new Saved(position, host.toArray(JAVA_FLOAT));
            }
        }

        @Override
        public void restore(Snapshot s) {
            if (!(s instanceof Saved saved) || saved.state().length != stateFloats) throw new IllegalArgumentException("snapshot is not from this model");
            dev.makeCurrent();
            try (Arena a = Arena.ofConfined()) {
                drv.sync(stream);
                drv.copyHtoD(state, a.allocateFrom(JAVA_FLOAT, saved.state()), 4 * stateFloats);
            }
            position = saved.position();
        }

        @Override
        public void reset() {
            dev.makeCurrent();
            drv.zeroAsync(state, 4 * stateFloats, stream);
            drv.sync(stream);
            position = 0;
        }

        @Override
        protected void freeState() {
            drv.free(state);
        }
    }
}
