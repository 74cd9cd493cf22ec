package org.gsaexplorer.model.backend.cuda.runtime;

import org.gsaexplorer.model.weights.DType;

import java.lang.foreign.MemorySegment;

/** Element-wise dtype conversion on the host while uploading (f32 → bf16 rounds to nearest even, as DType does). */
public final class HostCast {
    private HostCast() {
    }

    /** Converts {@code n} elements starting at element {@code from} of {@code src} into {@code dst} (from element 0). */
    public static void convert(MemorySegment src, DType srcType, long from, MemorySegment dst, DType dstType, long n) {
        for (long i = 0; i < n; i++) dstType.write(dst, i, srcType.read(src, from + i));
    }

    /** Weight dtype code used by the kernels: 0 f32, 1 f16, 2 bf16. */
    public static int code(DType t) {
        return switch (t) {
            case F32 -> 0;
            case F16 -> 1;
            case BF16 -> 2;
        };
    }
}
