package org.gsaexplorer.model.weights;

import org.gsaexplorer.model.GsaException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds NaN and ±Inf among stored weights, so a corrupted checkpoint is refused when it is opened rather than
 * producing pictures of garbage. Works on the raw bits of each dtype (an all-ones exponent), without converting.
 */
public final class WeightScan {
    private static final ValueLayout.OfInt I32_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private WeightScan() {
    }

    /** Index of the first NaN or ±Inf element of {@code t}, or -1 when all are finite. */
    public static long firstNonFinite(Tensor t) {
        MemorySegment s = t.data();
        long n = t.numel();
        switch (t.dtype()) {
            case F32 -> {
                for (long i = 0; i < n; i++) if ((s.get(I32_LE, i * 4) & 0x7f800000) == 0x7f800000) return i;
            }
            case F16 -> {
                for (long i = 0; i < n; i++) if ((s.get(DType.I16_LE, i * 2) & 0x7c00) == 0x7c00) return i;
            }
            case BF16 -> {
                for (long i = 0; i < n; i++) if ((s.get(DType.I16_LE, i * 2) & 0x7f80) == 0x7f80) return i;
            }
        }
        return -1;
    }

    /** Throws a {@link GsaException} naming the first tensor (by name) holding a non-finite value, and where in it. */
    public static void requireFinite(Path dir, Map<String, Tensor> tensors) {
        for (Tensor t : new TreeMap<>(tensors).values()) {
            long i = firstNonFinite(t);
            if (i < 0) continue;
            float v = t.dtype().read(t.data(), i);
            String kind = Float.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";
            throw new GsaException(dir + ": tensor " + GsaException.quote(t.name()) + " holds a non-finite value (" + kind
                    + ") at index " + Arrays.toString(unravel(i, t.shape())) + "; the checkpoint is corrupt or was saved after training diverged");
        }
    }

    /** The multi-dimensional index of flat element {@code i} (row-major). */
    static long[] unravel(long i, long[] shape) {
        long[] idx = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = i % shape[d];
            i /= shape[d];
        }
        return idx;
    }
}
