package org.gsaexplorer.model.weights;

import org.gsaexplorer.model.error.GsaException;

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
    private static final ValueLayout.OfLong I64_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private WeightScan() {
    }

    /** Index of the first NaN or ±Inf element of {@code t}, or -1 when all are finite. */
    public static long firstNonFinite(Tensor t) {
        MemorySegment s = t.data();
        long n = t.numel();
        int per = 8 / t.dtype().bytes; // elements in one 64-bit word
        // Eight bytes at a time: a lane whose exponent bits are all ones is found with the "has a zero lane" bit trick
        // on (word & exp) ^ exp; only a word with a hit, and the tail, are looked at element by element.
        long exp = switch (t.dtype()) {
            case F32 -> 0x7f800000_7f800000L;
            case F16 -> 0x7c00_7c00_7c00_7c00L;
            case BF16 -> 0x7f80_7f80_7f80_7f80L;
        };
        long ones = per == 2 ? 0x00000001_00000001L : 0x0001_0001_0001_0001L;
        long highs = ones << (64 / per - 1);
        long words = n / per;
        for (long w = 0; w < words; w++) {
            long x = (s.get(I64_LE, w * 8) & exp) ^ exp;
            if (((x - ones) & ~x & highs) != 0) {
                long i = firstNonFinite(t, w * per, w * per + per);
                if (i >= 0) return i;
            }
        }
        return firstNonFinite(t, words * per, n);
    }

    private static long firstNonFinite(Tensor t, long from, long to) {
        for (long i = from; i < to; i++) if (!Float.isFinite(t.dtype().read(t.data(), i))) return i;
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
