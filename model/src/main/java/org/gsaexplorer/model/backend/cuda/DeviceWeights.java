package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.backend.cuda.runtime.Driver;
import org.gsaexplorer.model.backend.cuda.runtime.HostCast;
import org.gsaexplorer.model.backend.cuda.runtime.KernelArgs;
import org.gsaexplorer.model.config.FeatureMap;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.weights.Checkpoint;
import org.gsaexplorer.model.weights.DType;
import org.gsaexplorer.model.weights.LayerWeights;
import org.gsaexplorer.model.weights.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's weights on the GPU. Matrices are in one dtype (the checkpoint's, or a cast asked for) and arranged for the
 * kernels: per layer q, k, v, f projections stacked into one [Cq+Ck+Cv+Cf, D] matrix and gate, up into one [2I, D]
 * (gate rows first), so each is one GEMV / GEMM. Norm, conv and t2r weights are small and kept in fp32.
 */
final class DeviceWeights implements AutoCloseable {
    record Layer(long attnNorm, long qkvf, long conv, long t2r, long gNorm, long o, long mlpNorm, long gateUp, long down) {
    }

    final GsaConfig c;
    final DType dtype;
    final int dt;
    final long embed, finalNorm, lmHead;
    final Layer[] layers;
    /** Bytes of the matrices one decode step streams (all layers' projections and the LM head). */
    final long matrixBytesPerToken;
    private final Driver drv;
    private final List<Long> allocations = new ArrayList<>();

    private DeviceWeights(Driver drv, GsaConfig c, DType dtype, Source src) {
        this.drv = drv;
        this.c = c;
        this.dtype = dtype;
        this.dt = HostCast.code(dtype);
        int d = c.hiddenSize(), inter = c.intermediateSize(), v = c.vocabSize();
        int stride = stride(c), convCh = c.keyDim() + c.kvKeyDim() + c.kvValueDim();
        try {
            embed = src.matrix(this, "embeddings", (long) v * d, -1, -1);
            finalNorm = src.vector(this, "final norm", d, -1, 0);
            lmHead = src.tiedHead() ? embed : src.matrix(this, "lm_head", (long) v * d, -1, 1);
            layers = new Layer[c.numLayers()];
            for (int l = 0; l < layers.length; l++) {
                layers[l] = new Layer(
                        src.vector(this, "attn_norm", d, l, 0),
                        src.matrix(this, "qkvf", (long) stride * d, l, 0),
                        c.useShortConv() ? src.vector(this, "conv", (long) convCh * c.convSize(), l, 1) : 0,
                        c.featureMap() == FeatureMap.T2R ? src.vector(this, "t2r", (long) c.headKDim() * c.headKDim(), l, 2) : 0,
                        src.vector(this, "g_norm", d, l, 3),
                        src.matrix(this, "o_proj", (long) d * c.valueDim(), l, 2),
                        src.vector(this, "mlp_norm", d, l, 4),
                        src.matrix(this, "gate_up", 2L * inter * d, l, 3),
                        src.matrix(this, "down_proj", (long) d * inter, l, 4));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        long perLayer = ((long) stride * d + (long) d * c.valueDim() + 3L * inter * d) * dtype.bytes;
        matrixBytesPerToken = perLayer * c.numLayers() + (long) v * d * dtype.bytes;
    }

    static int stride(GsaConfig c) {
        return c.keyDim() + c.kvKeyDim() + c.kvValueDim() + c.numKvHeads() * c.numSlots();
    }

    long alloc(long bytes, String what) {
        long p = drv.alloc(bytes, what);
        allocations.add(p);
        return p;
    }

    /** Where the weights come from: a checkpoint or a random fill. */
    private interface Source {
        long matrix(DeviceWeights w, String what, long elements, int layer, int index);

        long vector(DeviceWeights w, String what, long elements, int layer, int index);

        boolean tiedHead();
    }

    /** Uploads {@code ckpt}'s weights, casting matrices to {@code dtype} (null: the checkpoint's dominant dtype). */
    static DeviceWeights upload(Driver drv, Checkpoint ckpt, DType dtype) {
        DType target = dtype != null ? dtype : ckpt.dominantDType();
        LayerWeights[] lw = ckpt.layers();
        Source src = new Source() {
            @Override
            public long matrix(DeviceWeights w, String what, long n, int l, int index) {
                long p = w.alloc(n * target.bytes, what + (l >= 0 ? " of layer " + l : ""));
                List<Tensor> parts = l < 0 ? List.of(index < 0 ? ckpt.embeddings() : ckpt.lmHead()) : switch (index) {
                    case 0 -> List.of(lw[l].qProj(), lw[l].kProj(), lw[l].vProj(), lw[l].fProj());
                    case 2 -> List.of(lw[l].oProj());
                    case 3 -> lw[l].mlpGateUp() != null ? List.of(lw[l].mlpGateUp()) : List.of(lw[l].mlpGate(), lw[l].mlpUp());
                    default -> List.of(lw[l].mlpDown());
                };
                long off = 0;
                for (Tensor t : parts) off += copy(drv, t, p + off, target);
                return p;
            }

            @Override
            public long vector(DeviceWeights w, String what, long n, int l, int index) {
                long p = w.alloc(n * 4, what + (l >= 0 ? " of layer " + l : ""));
                if (l < 0) {
                    copy(drv, ckpt.finalNorm(), p, DType.F32);
                    return p;
                }
                switch (index) {
                    case 0 -> copy(drv, lw[l].attnNorm(), p, DType.F32);
                    case 1 -> {
                        long off = 0;
                        for (Tensor t : List.of(lw[l].qConv(), lw[l].kConv(), lw[l].vConv())) off += copy(drv, t, p + off, DType.F32);
                    }
                    case 2 -> copy(drv, lw[l].t2r(), p, DType.F32);
                    case 3 -> {
                        if (lw[l].gNorm() == null) {
                            w.allocations.remove(w.allocations.size() - 1);
                            drv.free(p);
                            return 0;
                        }
                        copy(drv, lw[l].gNorm(), p, DType.F32);
                    }
                    default -> copy(drv, lw[l].mlpNorm(), p, DType.F32);
                }
                return p;
            }

            @Override
            public boolean tiedHead() {
                return ckpt.lmHead() == ckpt.embeddings();
            }
        };
        return new DeviceWeights(drv, ckpt.config(), target, src);
    }

    /** Copies one tensor to {@code dst} in {@code target} dtype; returns the bytes written. */
    private static long copy(Driver drv, Tensor t, long dst, DType target) {
        long n = t.numel();
        if (t.dtype() == target) {
            drv.copyHtoD(dst, t.data(), n * target.bytes);
            return n * target.bytes;
        }
        long chunk = 1 << 22;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment stage = a.allocate(Math.min(n, chunk) * target.bytes, 16);
            for (long i = 0; i < n; i += chunk) {
                long m = Math.min(chunk, n - i);
                HostCast.convert(t.data(), t.dtype(), i, stage, target, m);
                drv.copyHtoD(dst + i * target.bytes, stage, m * target.bytes);
            }
        }
        return n * target.bytes;
    }

    /** Random weights filled on the device (nothing built on the Java heap), norms at 1. */
    static DeviceWeights random(Driver drv, Kernels k, MemorySegment stream, GsaConfig c, DType dtype, long seed) {
        int dt = HostCast.code(dtype);
        long[] counter = {seed};
        Source src = new Source() {
            @Override
            public long matrix(DeviceWeights w, String what, long n, int l, int index) {
                long p = w.alloc(n * dtype.bytes, what);
                // uniform in ±0.02·√3, i.e. std 0.02 like FLA's init, so activations stay finite through the stack
                fill(p, n, dt, 0.02f * (float) Math.sqrt(3));
                return p;
            }

            @Override
            public long vector(DeviceWeights w, String what, long n, int l, int index) {
                long p = w.alloc(n * 4, what);
                if (what.equals("conv") || what.equals("t2r")) fill(p, n, HostCast.F32, 0.5f);
                else try (Arena a = Arena.ofConfined()) {
                    k.launch("fill_const", 256, 1, 256, 0, stream, new KernelArgs(a).ptr(p).u64(n).f32(1f));
                }
                return p;
            }

            private void fill(long p, long n, int code, float scale) {
                try (Arena a = Arena.ofConfined()) {
                    k.launch("fill_uniform", 1024, 1, 256, 0, stream,
                            new KernelArgs(a).ptr(p).i32(code).u64(n).u64(++counter[0]).f32(scale));
                }
            }

            @Override
            public boolean tiedHead() {
                return c.tieWordEmbeddings();
            }
        };
        DeviceWeights w = new DeviceWeights(drv, c, dtype, src);
        drv.sync(stream);
        return w;
    }

    long totalBytes() {
        long perLayer = ((long) stride(c) * c.hiddenSize() + (long) c.hiddenSize() * c.valueDim() + 3L * c.intermediateSize() * c.hiddenSize()) * dtype.bytes;
        return perLayer * c.numLayers() + (long) c.vocabSize() * c.hiddenSize() * dtype.bytes * (lmHead == embed ? 1 : 2);
    }

    @Override
    public void close() {
        for (long p : allocations) drv.free(p);
        allocations.clear();
    }
}
