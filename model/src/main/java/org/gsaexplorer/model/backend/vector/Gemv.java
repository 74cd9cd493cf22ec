package org.gsaexplorer.model.backend.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.gsaexplorer.model.weights.DType;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * The decode product y = W·x for one token, 4 weight rows at a time, widening each weight in registers straight from
 * where the checkpoint is mapped: every weight byte is loaded once and nothing is stored but the 4 sums. bf16 rows are
 * read as ints (two weights each) and widened into the {@linkplain Widen permuted order}, so x must come permuted
 * alike ({@link Widen#permute}); f32 rows and x are in order. Sums are fp32. f16 is not here: its widening is long
 * enough that 8 copies of it in one loop body are more than C2 inlines, which leaves the vectors boxed (measured: 1–2
 * GB/s), so f16 rows go through {@link Widen#permuted} and {@link Tiles} instead.
 */
final class Gemv {
    private static final VectorSpecies<Float> F = Widen.F;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final int L = F.length();
    /** Each thread's four rows of lanes, summed in a fixed order ({@link #store}). */
    private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[4 * L]);
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private Gemv() {
    }

    /**
     * y[r] = ⟨W row r, x⟩ for rows [from, to) of the matrix whose row 0 is element {@code first} of {@code w} (rows of
     * {@code cols} elements of {@code dtype}).
     */
    static void rows(MemorySegment w, DType dtype, long first, int cols, float[] x, float[] y, int from, int to) {
        if (dtype == DType.F16) throw new IllegalArgumentException("f16 rows go through Tiles");
        float[] lanes = LANES.get();
        for (int r = from; r < to; r += 4) {
            // past the last row, the tile re-reads that row (already in cache) and drops its sum
            long r0 = first + (long) r * cols, last = first + (long) (to - 1) * cols;
            long r1 = Math.min(r0 + cols, last), r2 = Math.min(r0 + 2L * cols, last), r3 = Math.min(r0 + 3L * cols, last);
            if (dtype == DType.F32) f32(w, r0, r1, r2, r3, cols, x, y, r, to - r, lanes);
            else bf16(w, r0, r1, r2, r3, cols, x, y, r, to - r, lanes);
        }
    }

    /** Four bf16 rows starting at elements r0..r3; {@code rows} (≥ 1) of the four sums are stored. */
    private static void bf16(MemorySegment w, long r0, long r1, long r2, long r3, int cols, float[] x,
                             float[] y, int yAt, int rows, float[] lanes) {
        FloatVector z = FloatVector.zero(F);
        FloatVector e0 = z, o0 = z, e1 = z, o1 = z, e2 = z, o2 = z, e3 = z, o3 = z;
        int i = 0, bound = cols - cols % (2 * L);
        for (; i < bound; i += 2 * L) {
            FloatVector xe = FloatVector.fromArray(F, x, i), xo = FloatVector.fromArray(F, x, i + L);
            IntVector p0 = IntVector.fromMemorySegment(I, w, 2 * (r0 + i), LE);
            IntVector p1 = IntVector.fromMemorySegment(I, w, 2 * (r1 + i), LE);
            IntVector p2 = IntVector.fromMemorySegment(I, w, 2 * (r2 + i), LE);
            IntVector p3 = IntVector.fromMemorySegment(I, w, 2 * (r3 + i), LE);
            e0 = even(p0).fma(xe, e0);
            o0 = odd(p0).fma(xo, o0);
            e1 = even(p1).fma(xe, e1);
            o1 = odd(p1).fma(xo, o1);
            e2 = even(p2).fma(xe, e2);
            o2 = odd(p2).fma(xo, o2);
            e3 = even(p3).fma(xe, e3);
            o3 = odd(p3).fma(xo, o3);
        }
        e0.add(o0).intoArray(lanes, 0);
        e1.add(o1).intoArray(lanes, L);
        e2.add(o2).intoArray(lanes, 2 * L);
        e3.add(o3).intoArray(lanes, 3 * L);
        store(lanes, w, DType.BF16, r0, r1, r2, r3, i, cols, x, y, yAt, rows);
    }

    /** The even-indexed bf16 weights of each pair as fp32 (bf16 is the top half of an fp32). */
    private static FloatVector even(IntVector pair) {
        return pair.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    private static FloatVector odd(IntVector pair) {
        return pair.and(0xffff0000).reinterpretAsFloats();
    }

    /** Four f32 rows starting at elements r0..r3; {@code rows} (≥ 1) of the four sums are stored. */
    private static void f32(MemorySegment w, long r0, long r1, long r2, long r3, int cols, float[] x,
                            float[] y, int yAt, int rows, float[] lanes) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        int i = 0, bound = F.loopBound(cols);
        for (; i < bound; i += L) {
            FloatVector xv = FloatVector.fromArray(F, x, i);
            a0 = FloatVector.fromMemorySegment(F, w, 4 * (r0 + i), LE).fma(xv, a0);
            a1 = FloatVector.fromMemorySegment(F, w, 4 * (r1 + i), LE).fma(xv, a1);
            a2 = FloatVector.fromMemorySegment(F, w, 4 * (r2 + i), LE).fma(xv, a2);
            a3 = FloatVector.fromMemorySegment(F, w, 4 * (r3 + i), LE).fma(xv, a3);
        }
        a0.intoArray(lanes, 0);
        a1.intoArray(lanes, L);
        a2.intoArray(lanes, 2 * L);
        a3.intoArray(lanes, 3 * L);
        store(lanes, w, DType.F32, r0, r1, r2, r3, i, cols, x, y, yAt, rows);
    }

    /**
     * y[yAt + k] = row k's lanes (lanes[k·L..+L)) summed in {@link Lanes}' fixed order + the row's scalar tail, for
     * k < rows. The sums go through an array because a call taking the vectors is not always inlined into the kernels
     * above, and then boxes them on every row.
     */
    private static void store(float[] lanes, MemorySegment w, DType dtype, long r0, long r1, long r2, long r3,
                              int from, int cols, float[] x, float[] y, int yAt, int rows) {
        y[yAt] = Lanes.sum(lanes, 0) + tail(w, dtype, r0, from, cols, x);
        if (rows > 1) y[yAt + 1] = Lanes.sum(lanes, L) + tail(w, dtype, r1, from, cols, x);
        if (rows > 2) y[yAt + 2] = Lanes.sum(lanes, 2 * L) + tail(w, dtype, r2, from, cols, x);
        if (rows > 3) y[yAt + 3] = Lanes.sum(lanes, 3 * L) + tail(w, dtype, r3, from, cols, x);
    }

    /** The scalar sum over columns [from, cols) of the row starting at element {@code row} (the permutation leaves them in order). */
    private static float tail(MemorySegment w, DType dtype, long row, int from, int cols, float[] x) {
        float s = 0f;
        for (int j = from; j < cols; j++) s += dtype.read(w, row + j) * x[j];
        return s;
    }
}
