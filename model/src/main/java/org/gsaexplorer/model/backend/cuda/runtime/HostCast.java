package org.gsaexplorer.model.backend.cuda.runtime;

import org.gsaexplorer.model.weights.DType;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Element-wise dtype conversion on the host while uploading (f32 → bf16 rounds to nearest even, as DType does), and
 * the weight dtype codes the kernels take, declared here only (every program gets them as DTYPE_* -D constants).
 */
public final class HostCast {
    public static final int F32 = 0, F16 = 1, BF16 = 2;

    private HostCast() {
    }

    /** Converts {@code n} elements starting at element {@code from} of {@code src} into {@code dst} (from element 0). */
    public static void convert(MemorySegment src, DType srcType, long from, MemorySegment dst, DType dstType, long n) {
        for (long i = 0; i < n; i++) dstType.write(dst, i, srcType.read(src, from + i));
    }

    /** The kernels' code for weight dtype {@code t}. */
    public static int code(DType t) {
        return switch (t) {
            case F32 -> F32;
            case F16 -> F16;
            case BF16 -> BF16;
        };
    }

    /** -DDTYPE_F32=0 and so on (common.cu's loads and stores compare with them). */
    static List<String> defines() {
        return List.of("-DDTYPE_F32=" + F32, "-DDTYPE_F16=" + F16, "-DDTYPE_BF16=" + BF16);
    }
}
