package org.gsaexplorer.model.backend.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.gsaexplorer.model.weights.DType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Widens a run of stored weights (F32, BF16, F16, little-endian, mapped) to fp32, a vector at a time. bf16 is the top
 * half of an fp32: shift left by 16. f16 of magnitude bits h (sign apart) is fp32 bits h·2^13 scaled by 2^112, exact
 * for normal and subnormal halves; infinities and NaN are not handled, which checkpoints never hold (the weight scan
 * refuses them when a checkpoint opens).
 */
final class Widen {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(F.vectorBitSize() / 2));
    private static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final float TWO_112 = 0x1p112f;

    private Widen() {
    }

    /** dst[off .. off+n) = elements [first, first+n) of {@code src} as fp32. */
    static void widen(MemorySegment src, DType dtype, long first, int n, float[] dst, int off) {
        switch (dtype) {
            case F32 -> MemorySegment.copy(src, F32_LE, first * 4, dst, off, n);
            case BF16 -> bf16(src, first * 2, n, dst, off);
            case F16 -> f16(src, first * 2, n, dst, off);
        }
    }

    private static void bf16(MemorySegment src, long byteOff, int n, float[] dst, int off) {
        int i = 0, bound = F.loopBound(n);
        for (; i < bound; i += F.length()) {
            IntVector bits = (IntVector) ShortVector.fromMemorySegment(S, src, byteOff + 2L * i, ByteOrder.LITTLE_ENDIAN)
                    .convertShape(VectorOperators.ZERO_EXTEND_S2I, I, 0);
            bits.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(dst, off + i);
        }
        for (; i < n; i++) dst[off + i] = DType.BF16.read(src.asSlice(byteOff), i);
    }

    private static void f16(MemorySegment src, long byteOff, int n, float[] dst, int off) {
        int i = 0, bound = F.loopBound(n);
        for (; i < bound; i += F.length()) {
            IntVector bits = (IntVector) ShortVector.fromMemorySegment(S, src, byteOff + 2L * i, ByteOrder.LITTLE_ENDIAN)
                    .convertShape(VectorOperators.ZERO_EXTEND_S2I, I, 0);
            IntVector sign = bits.and(0x8000).lanewise(VectorOperators.LSHL, 16);
            FloatVector magnitude = bits.and(0x7fff).lanewise(VectorOperators.LSHL, 13).reinterpretAsFloats().mul(TWO_112);
            magnitude.reinterpretAsInts().or(sign).reinterpretAsFloats().intoArray(dst, off + i);
        }
        for (; i < n; i++) dst[off + i] = DType.F16.read(src.asSlice(byteOff), i);
    }
}
