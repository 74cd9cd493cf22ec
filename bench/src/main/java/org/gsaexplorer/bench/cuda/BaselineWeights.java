package org.gsaexplorer.bench.cuda;

import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.backend.cuda.runtime.CudaDevice;
import org.gsaexplorer.model.backend.cuda.runtime.Driver;
import org.gsaexplorer.model.backend.cuda.runtime.HostCast;
import org.gsaexplorer.model.backend.cuda.runtime.KernelArgs;
import org.gsaexplorer.model.weights.DType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

/**
 * A baseline's weights on the GPU by name: matrices in the model dtype, norm and gate vectors in fp32. Filled on the
 * device with seeded uniform values of std 0.02 (norms at 1), or uploaded from host arrays (tests upload the plain-Java
 * baseline's weights to compare the two).
 */
final class BaselineWeights implements AutoCloseable {
    /** One tensor: {@code matrix} ones are stored in the model dtype, the rest in fp32; {@code ones} ones start at 1. */
    record Spec(String name, long elements, boolean matrix, boolean ones) {
    }

    private static final float HALF_WIDTH = (float) (0.02 * Math.sqrt(3));

    final DType dtype;
    final int dt;
    private final Driver drv;
    private final Map<String, Long> pointers = new HashMap<>();
    private final List<Long> allocations = new ArrayList<>();

    /** @param host null for random weights, else an fp32 array for every spec's name */
    BaselineWeights(CudaDevice dev, List<Spec> specs, DType dtype, long seed, Map<String, float[]> host) {
        this.drv = dev.driver;
        this.dtype = dtype;
        this.dt = HostCast.code(dtype);
        BaselineKernels k = BaselineKernels.get();
        MemorySegment stream = drv.createStream();
        try (Arena a = Arena.ofConfined()) {
            long counter = seed;
            for (Spec s : specs) {
                long p = alloc(s.elements() * (s.matrix() ? dtype.bytes : 4), s.name());
                pointers.put(s.name(), p);
                if (host != null) {
                    float[] v = host.get(s.name());
                    if (v == null || v.length != s.elements())
                        throw new IllegalArgumentException("weight " + s.name() + ": expected " + s.elements() + " values");
                    upload(k, stream, a, v, p, s.matrix() ? dt : HostCast.F32);
                } else if (s.ones()) {
                    k.launch("fill_const", 256, 1, 256, 0, stream, new KernelArgs(a).ptr(p).u64(s.elements()).f32(1f));
                } else {
                    k.launch("fill_uniform", 1024, 1, 256, 0, stream,
                            new KernelArgs(a).ptr(p).i32(s.matrix() ? dt : HostCast.F32).u64(s.elements()).u64(++counter).f32(HALF_WIDTH));
                }
            }
            drv.sync(stream);
        } catch (RuntimeException e) {
            close();
            throw e;
        } finally {
            drv.destroyStream(stream);
        }
    }

    private void upload(BaselineKernels k, MemorySegment stream, Arena a, float[] v, long dst, int code) {
        if (code == HostCast.F32) {
            drv.copyHtoD(dst, a.allocateFrom(JAVA_FLOAT, v), 4L * v.length);
            return;
        }
        long staging = drv.alloc(4L * v.length, "weight staging");
        try {
            drv.copyHtoD(staging, a.allocateFrom(JAVA_FLOAT, v), 4L * v.length);
            k.launch("bl_cast", 256, 1, 256, 0, stream, new KernelArgs(a).ptr(staging).ptr(dst).i32(code).u64(v.length));
            drv.sync(stream);
        } finally {
            drv.free(staging);
        }
    }

    private long alloc(long bytes, String what) {
        long p = drv.alloc(bytes, what);
        allocations.add(p);
        return p;
    }

    long get(String name) {
        Long p = pointers.get(name);
        if (p == null) throw new GsaException("internal: no weight " + name);
        return p;
    }

    @Override
    public void close() {
        for (long p : allocations) drv.free(p);
        allocations.clear();
    }
}
