package org.gsaexplorer.bench.cuda;

import org.gsaexplorer.bench.baseline.TransformerConfig;
import org.gsaexplorer.bench.sequence.SequenceSession;
import org.gsaexplorer.model.backend.cuda.runtime.CudaDevice;
import org.gsaexplorer.model.backend.cuda.runtime.HostCast;
import org.gsaexplorer.model.weights.DType;

import java.util.List;
import java.util.Map;

/**
 * Transformer++ on the GPU: decode is GEMVs, RoPE and KV-cache append, flash-decoding attention over the cache (split
 * into {@link #SPLITS} ranges per head, then combined) and SwiGLU, captured as one graph; prefill is cuBLAS GEMMs with
 * attention as two batched GEMMs around a causal softmax. The KV cache is kept in the weights' dtype.
 */
final class BaselineTransformerCuda extends BaselineCudaModel<BaselineTransformerCuda.Session> {
    static final int SPLITS = 128;
    /** Scores plus probabilities of one prefill piece stay under this many bytes. */
    private static final long ATTN_BYTES = 1L << 30;

    final TransformerConfig c;

    BaselineTransformerCuda(CudaDevice dev, TransformerConfig c, DType dtype, long seed, Map<String, float[]> host) {
        check(c);
        this.c = c;
        super(dev, specs(c), dtype, seed, host);
    }

    private static void check(TransformerConfig c) {
        if (c.headDim() % 32 != 0 || c.headDim() > 256) throw new org.gsaexplorer.model.error.GsaException("cuda transformer: head dim must be a multiple of 32 up to 256, not " + c.headDim());
        for (int n : new int[]{c.hidden(), c.queryWidth(), c.intermediate()})
            if (n % 8 != 0) throw new org.gsaexplorer.model.error.GsaException("cuda transformer: widths must be multiples of 8 (got " + n + ")");
    }

    static List<BaselineWeights.Spec> specs(TransformerConfig c) {
        long d = c.hidden();
        return specs(c.vocab(), d, c.layers(), c.intermediate(), c.queryWidth(),
                (l, s) -> s.add(new BaselineWeights.Spec(l + ".qkv", (c.queryWidth() + 2L * c.kvWidth()) * d, true, false)));
    }

    @Override public String arch() { return "transformer"; }
    @Override public int vocabSize() { return c.vocab(); }
    @Override public long parameterCount() { return c.parameters(); }
    @Override public long matmulParametersPerToken() { return c.parameters() - (long) c.vocab() * c.hidden(); }

    @Override
    public long weightBytesPerToken() {
        long d = c.hidden();
        long matrices = c.parameters() - 2L * c.vocab() * d - (2L * c.layers() + 1) * d + c.vocab() * d;
        return (matrices + d) * w.dtype.bytes + (2L * c.layers() + 1) * d * Float.BYTES;
    }

    @Override
    public long stateBytes(int context) {
        return (long) c.layers() * 2 * c.kvWidth() * context * w.dtype.bytes;
    }

    @Override
    public long freeBytes() {
        long held = 0;
        for (Session s : sessions) held += stateBytes(s.cap);
        return dev.driver.memInfo()[0] + held;
    }

    @Override
    protected Session open() {
        return new Session();
    }

    final class Session extends BaselineSession {
        private final int qw = c.queryWidth(), kvw = c.kvWidth(), hd = c.headDim();
        private final int stride = qw + 2 * kvw, es = w.dtype.bytes;
        private final long[] keys = new long[c.layers()], values = new long[c.layers()];
        private int cap;
        private long qkv, qlow, att, part, ml;
        private long scores, probs, attnCap;

        Session() {
            super(BaselineTransformerCuda.this, c.vocab(), c.hidden(), c.intermediate(), c.queryWidth(), (float) c.normEps());
        }

        @Override
        protected void allocRows(int t) {
            qkv = scratch(4L * t * stride, "q, k, v");
            qlow = scratch(4L * t * qw, "queries");
            att = scratch(4L * t * qw, "attention output");
            part = scratch(4L * c.heads() * SPLITS * hd, "attention partials");
            ml = scratch(8L * c.heads() * SPLITS, "attention maxima");
        }

        @Override
        protected void reserve(int tokens) {
            if (tokens <= cap) return;
            int next = Math.max(tokens, Math.max(256, 2 * cap));
            long bytes = (long) next * kvw * es;
            for (int l = 0; l < c.layers(); l++) {
                long nk = drv.alloc(bytes, "KV cache"), nv;
                try {
                    nv = drv.alloc(bytes, "KV cache");
                } catch (RuntimeException e) {
                    drv.free(nk);
                    throw e;
                }
                if (position > 0) {
                    drv.copyDtoDAsync(nk, keys[l], (long) position * kvw * es, stream);
                    drv.copyDtoDAsync(nv, values[l], (long) position * kvw * es, stream);
                }
                drv.sync(stream);
                drv.free(keys[l]);
                drv.free(values[l]);
                keys[l] = nk;
                values[l] = nv;
            }
            cap = next;
            dropGraph();
        }

        @Override
        protected int pieceRows() {
            int t = MAX_ROWS;
            while (t > 16 && (long) c.heads() * t * (position + t) * 8 > ATTN_BYTES) t /= 2;
            return t;
        }

        @Override
        protected void decodeKernels() {
            float scale = (float) (1 / Math.sqrt(hd));
            embed(1);
            for (int l = 0; l < c.layers(); l++) {
                long kc = keys[l], vc = values[l];
                rmsnorm(1, x, d, w.get(l + ".attn_norm"), eps, xn, HostCast.F32);
                gemv(w.get(l + ".qkv"), dt, xn, qkv, stride, d, false);
                launch("bl_rope_append", 1, 1, 128, 0, a -> a.ptr(qkv).i32(c.heads()).i32(c.kvHeads()).i32(hd).ptr(pos)
                        .f32((float) c.ropeTheta()).ptr(kc).ptr(vc).i32(dt).ptr(0));
                launch("bl_attn_split", SPLITS, c.heads(), 128, 0, a -> a.ptr(qkv).ptr(kc).ptr(vc).i32(dt).ptr(pos)
                        .i32(c.heads()).i32(c.kvHeads()).i32(hd).f32(scale).ptr(part).ptr(ml));
                launch("bl_attn_combine", c.heads(), 1, hd, 0, a -> a.ptr(part).ptr(ml).i32(SPLITS).i32(hd).ptr(att));
                gemv(w.get(l + ".o"), dt, att, x, d, qw, true);
                mlpDecode(l);
            }
            logitsDecode();
        }

        private void ensureAttention(long bytes) {
            if (bytes <= attnCap) return;
            drv.free(scores);
            drv.free(probs);
            scores = probs = 0;
            attnCap = 0;
            scores = drv.alloc(bytes, "attention scores");
            probs = drv.alloc(bytes, "attention probabilities");
            attnCap = bytes;
        }

        @Override
        protected void prefillKernels(int t, boolean allLogits) {
            float scale = (float) (1 / Math.sqrt(hd));
            int n = position + t, group = c.heads() / c.kvHeads(), kvh = c.kvHeads();
            ensureAttention(4L * c.heads() * t * n);
            embed(t);
            for (int l = 0; l < c.layers(); l++) {
                long kc = keys[l], vc = values[l];
                rmsnorm(t, x, d, w.get(l + ".attn_norm"), eps, xn, dt);
                blas.linear(cublas, w.get(l + ".qkv"), xn, qkv, t, d, stride, dt, 0f);
                launch("bl_rope_append", t, 1, 128, 0, a -> a.ptr(qkv).i32(c.heads()).i32(kvh).i32(hd).ptr(pos)
                        .f32((float) c.ropeTheta()).ptr(kc).ptr(vc).i32(dt).ptr(qlow));
                // scores and probabilities are [group member g][kv head][t][n]: softmax treats each block of t rows alike
                for (int g = 0; g < group; g++)
                    blas.scores(cublas, qlow + (long) g * hd * es, qw, (long) group * hd, kc, kvw, hd,
                            scores + 4L * g * kvh * t * n, t, n, hd, kvh, dt);
                launch("bl_causal_softmax", t, c.heads(), 256, 0, a -> a.ptr(scores).ptr(probs).i32(dt).i32(t).i32(n).i32(position).f32(scale));
                for (int g = 0; g < group; g++)
                    blas.mix(cublas, probs + (long) es * g * kvh * t * n, vc, kvw, hd, att + (long) g * hd * es, qw, (long) group * hd, t, n, hd, kvh, dt);
                blas.linear(cublas, w.get(l + ".o"), att, x, t, qw, d, dt, 1f);
                mlpPrefill(l, t);
            }
            logitsPrefill(t, allLogits);
        }

        @Override
        public long stateBytes() {
            return BaselineTransformerCuda.this.stateBytes(position);
        }

        @Override
        public Snapshot snapshot() {
            return new SequenceSession.PositionMark(position);
        }

        @Override
        public void restore(Snapshot s) {
            position = SequenceSession.PositionMark.back(s, position);
        }

        @Override
        public void reset() {
            position = 0;
        }

        @Override
        protected void freeState() {
            for (int l = 0; l < c.layers(); l++) {
                drv.free(keys[l]);
                drv.free(values[l]);
            }
            drv.free(scores);
            drv.free(probs);
        }
    }
}
