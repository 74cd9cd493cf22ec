package org.gsaexplorer.model.backend.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.gsaexplorer.model.weights.DType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Widens a run of stored weights (F32, BF16, F16, little-endian, mapped) to fp32. bf16 is the top half of an fp32.
 * f16 of magnitude bits h (sign apart) is fp32 bits h·2^13 scaled by 2^112, exact for normal and subnormal halves;
 * infinities and NaN are not handled, which checkpoints never hold (the weight scan refuses them when one opens).
 * <p>
 * For the kernels, 16-bit values are read as ints, two halves each, and come out {@linkplain #permuted permuted}:
 * within each block of 2·L values (L = fp32 lanes) the even-indexed ones, then the odd ones. That keeps every
 * operation at full vector width (no narrow-to-wide shape change); a dot product is unchanged when both of its vectors
 * are permuted alike, so the input rows go through {@link #permute} with the same dtype.
 */
final class Widen {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final int L = F.length();
    private static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final float TWO_112 = 0x1p112f;

    private Widen() {
    }

    /** dst[off .. off+n) = elements [first, first+n) of {@code src} as fp32, in order. */
    static void widen(MemorySegment src, DType dtype, long first, int n, float[] dst, int off) {
        if (dtype == DType.F32) MemorySegment.copy(src, F32_LE, first * 4, dst, off, n);
        else for (int i = 0; i < n; i++) dst[off + i] = dtype.read(src, first + i);
    }

    /** Like {@link #widen}, but 16-bit values land in the kernels' permuted order (f32 stays in order). */
    static void permuted(MemorySegment src, DType dtype, long first, int n, float[] dst, int off) {
        if (dtype == DType.F32) {
            MemorySegment.copy(src, F32_LE, first * 4, dst, off, n);
            return;
        }
        long byteOff = first * 2;
        int i = 0, bound = n - n % (2 * L);
        boolean bf16 = dtype == DType.BF16;
        for (; i < bound; i += 2 * L) {
            IntVector pair = IntVector.fromMemorySegment(I, src, byteOff + 2L * i, ByteOrder.LITTLE_ENDIAN);
            FloatVector even, odd;
            if (bf16) {
                even = pair.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                odd = pair.and(0xffff0000).reinterpretAsFloats();
            } else {
                even = half(pair.and(0xffff));
                odd = half(pair.lanewise(VectorOperators.LSHR, 16));
            }
            even.intoArray(dst, off + i);
            odd.intoArray(dst, off + i + L);
        }
        for (; i < n; i++) dst[off + i] = dtype.read(src, first + i);
    }

    /** fp32 of the f16 bit patterns in the low 16 bits of each lane. */
    private static FloatVector half(IntVector h) {
        IntVector sign = h.and(0x8000).lanewise(VectorOperators.LSHL, 16);
        FloatVector magnitude = h.and(0x7fff).lanewise(VectorOperators.LSHL, 13).reinterpretAsFloats().mul(TWO_112);
        return magnitude.reinterpretAsInts().or(sign).reinterpretAsFloats();
    }

    /** Rows [n, cols] of x in the order {@link #permuted} gives a 16-bit row of width cols (x itself for f32). */
    static float[] permute(float[] x, int n, int cols, DType dtype) {
        if (dtype == DType.F32) return x;
        float[] out = new float[n * cols];
        for (int t = 0; t < n; t++) permute(x, t * cols, cols, out, t * cols);
        return out;
    }

    /** One row of width cols, from x[off..] into out[outOff..], in the order of {@link #permuted}. */
    static void permute(float[] x, int off, int cols, float[] out, int outOff) {
        int bound = cols - cols % (2 * L);
        for (int b = 0; b < bound; b += 2 * L)
            for (int j = 0; j < L; j++) {
                out[outOff + b + j] = x[off + b + 2 * j];
                out[outOff + b + L + j] = x[off + b + 2 * j + 1];
            }
        System.arraycopy(x, off + bound, out, outOff + bound, cols - bound);
    }
}
