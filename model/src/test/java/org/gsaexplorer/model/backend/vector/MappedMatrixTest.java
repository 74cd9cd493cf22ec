package org.gsaexplorer.model.backend.vector;

import org.gsaexplorer.model.ops.ArrayMatrix;
import org.gsaexplorer.model.weights.DType;
import org.gsaexplorer.model.weights.Tensor;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Vector API kernels against the plain loops ({@link ArrayMatrix}, i.e. {@code Linear}) over a grid of shapes:
 * every dtype, widths that are and are not multiples of the vector length, row counts that are not multiples of the
 * 4-row tile, token counts that are and are not multiples of the 4-token tile, sub-matrices starting at a row offset,
 * on one thread and split over several.
 */
class MappedMatrixTest {
    private static final int[] ROWS = {1, 3, 4, 17, 64};
    private static final int[] COLS = {1, 7, 16, 33, 130};
    private static final int[] TOKENS = {1, 2, 4, 5, 9};

    @Test
    void productsMatchThePlainLoopsOverAGridOfShapes() {
        WorkerPool pool = new WorkerPool(3);
        SplittableRandom random = new SplittableRandom(5);
        try (Arena arena = Arena.ofShared()) {
            for (DType dt : DType.values())
                for (int rows : ROWS)
                    for (int cols : COLS) {
                        int offset = rows % 3; // rows taken from inside a larger tensor
                        Tensor t = tensor(arena, dt, offset + rows, cols, random);
                        float[] all = t.toFloatArray();
                        ArrayMatrix ref = new ArrayMatrix(java.util.Arrays.copyOfRange(all, offset * cols, all.length), rows, cols);
                        MappedMatrix fast = new MappedMatrix(t, offset, rows, pool);
                        assertArrayEquals(ref.values(), fast.values(), dt + " values");
                        for (int n : TOKENS) {
                            float[] x = new float[n * cols];
                            for (int i = 0; i < x.length; i++) x[i] = (float) random.nextDouble(-1, 1);
                            assertClose(ref.times(x, n), fast.times(x, n), cols, dt + " " + rows + "x" + cols + " × " + n + " tokens");
                        }
                        float[] row = new float[cols + 2];
                        fast.row(rows - 1, row, 2);
                        assertArrayEquals(java.util.Arrays.copyOfRange(ref.values(), (rows - 1) * cols, rows * cols),
                                java.util.Arrays.copyOfRange(row, 2, cols + 2), dt + " row");
                    }
        }
    }

    @Test
    void largeProductsSplitOverThreadsMatchOneThread() {
        SplittableRandom random = new SplittableRandom(9);
        try (Arena arena = Arena.ofShared()) {
            Tensor t = tensor(arena, DType.BF16, 515, 600, random);
            for (int n : new int[]{1, 3}) {
                float[] x = new float[n * 600];
                for (int i = 0; i < x.length; i++) x[i] = (float) random.nextDouble(-1, 1);
                float[] one = new MappedMatrix(t, 0, 515, new WorkerPool(1)).times(x, n);
                float[] four = new MappedMatrix(t, 0, 515, new WorkerPool(4)).times(x, n);
                // each row is summed alike on any thread, but reduceLanes adds lanes in another order interpreted than
                // JIT-compiled, and the two calls may run at different tiers: ulps apart at most
                for (int i = 0; i < one.length; i++)
                    assertEquals(one[i], four[i], 1e-6f * Math.max(1f, Math.abs(one[i])), "row " + i + " × " + n + " tokens");
            }
        }
    }

    /** Subnormal, tiny and large halves widen exactly (the f16 path scales by 2^112), in the kernels' permuted order. */
    @Test
    void f16WidensEveryFiniteHalfExactly() {
        try (Arena arena = Arena.ofConfined()) {
            int n = 0x7c00 * 2; // every finite magnitude, both signs
            MemorySegment seg = arena.allocate(2L * n);
            for (int i = 0; i < n; i++) seg.setAtIndex(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, i, (short) ((i & 1) << 15 | i >> 1));
            float[] out = new float[n];
            Widen.permuted(seg, DType.F16, 0, n, out, 0);
            float[] expected = new float[n];
            for (int i = 0; i < n; i++) expected[i] = Float.float16ToFloat((short) ((i & 1) << 15 | i >> 1));
            expected = Widen.permute(expected, 1, n, DType.F16);
            for (int i = 0; i < n; i++) {
                float expect = expected[i];
                if (Float.floatToRawIntBits(out[i]) != Float.floatToRawIntBits(expect))
                    throw new AssertionError("position " + i + ": " + out[i] + " != " + expect);
            }
        }
    }

    private static Tensor tensor(Arena arena, DType dt, int rows, int cols, SplittableRandom random) {
        MemorySegment seg = arena.allocate((long) rows * cols * dt.bytes + 1).asSlice(1); // unaligned on purpose
        for (long i = 0; i < (long) rows * cols; i++) dt.write(seg, i, (float) random.nextDouble(-1, 1));
        return new Tensor("w", dt, new long[]{rows, cols}, seg);
    }

    /** fp32 sums in another order: within a few ulps of the sum of |terms| (bounded by the width here). */
    private static void assertClose(float[] expected, float[] actual, int cols, String what) {
        assertTrue(expected.length == actual.length, what + " length");
        double tol = 1e-6 * cols;
        for (int i = 0; i < expected.length; i++)
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol, what + " [" + i + "]: " + actual[i] + " vs " + expected[i]);
    }
}
