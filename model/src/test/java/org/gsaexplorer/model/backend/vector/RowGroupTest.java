package org.gsaexplorer.model.backend.vector;

import org.gsaexplorer.model.ops.Activations;
import org.gsaexplorer.model.ops.ArrayMatrix;
import org.gsaexplorer.model.weights.DType;
import org.gsaexplorer.model.weights.Tensor;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A group of one-token products run as one job against each matrix multiplied alone by the plain loops ({@link
 * ArrayMatrix}): parts whose row counts do not fall on the 4-row tile, each dtype in a group small enough for the
 * calling thread, bf16 in one over {@link RowGroup#PARALLEL_WEIGHTS} split over a pool; and the SwiGLU pair.
 */
class RowGroupTest {
    private final WorkerPool pool = new WorkerPool(3);
    private final SplittableRandom random = new SplittableRandom(11);

    @Test
    void aGroupComputesEachPartsProduct() {
        try (Arena arena = Arena.ofShared()) {
            for (DType dt : DType.values())
                for (int cols : dt == DType.BF16 ? new int[]{33, 1030} : new int[]{33}) {
                    int[] rows = {3, 17, 64, 1001};
                    MappedMatrix[] parts = new MappedMatrix[rows.length];
                    ArrayMatrix[] plain = new ArrayMatrix[rows.length];
                    float[][] out = new float[rows.length][];
                    for (int i = 0; i < rows.length; i++) {
                        Tensor t = tensor(arena, dt, rows[i], cols);
                        parts[i] = new MappedMatrix(t, 0, rows[i], pool);
                        plain[i] = new ArrayMatrix(t.toFloatArray(), rows[i], cols);
                        out[i] = new float[rows[i]];
                    }
                    float[] x = vector(cols);
                    GemvInput in = new GemvInput(cols);
                    in.set(x, 0);
                    RowGroup.of(pool, in, parts, out).run();
                    for (int i = 0; i < rows.length; i++)
                        assertClose(plain[i].times(x, 1), out[i], cols, dt + " part " + i + " of width " + cols);
                }
        }
        assertTrue((3 + 17 + 64 + 1001) * 1030L > RowGroup.PARALLEL_WEIGHTS, "the wide group runs on the pool");
    }

    @Test
    void swiGluIsSiluOfGateTimesUp() {
        try (Arena arena = Arena.ofShared()) {
            for (int rows : new int[]{5, 600}) {
                int cols = 1030;
                Tensor gate = tensor(arena, DType.BF16, rows, cols), up = tensor(arena, DType.BF16, rows, cols);
                float[] x = vector(cols), out = new float[rows], scratch = new float[rows];
                GemvInput in = new GemvInput(cols);
                in.set(x, 0);
                RowGroup.swiGlu(pool, in, new MappedMatrix(gate, 0, rows, pool), new MappedMatrix(up, 0, rows, pool), out, scratch).run();
                float[] g = new ArrayMatrix(gate.toFloatArray(), rows, cols).times(x, 1), u = new ArrayMatrix(up.toFloatArray(), rows, cols).times(x, 1);
                float[] expected = new float[rows];
                for (int r = 0; r < rows; r++) expected[r] = Activations.silu(g[r]) * u[r];
                assertClose(expected, out, cols, rows + " rows");
            }
        }
    }

    private Tensor tensor(Arena arena, DType dt, int rows, int cols) {
        MemorySegment seg = arena.allocate((long) rows * cols * dt.bytes + 2).asSlice(2);
        for (long i = 0; i < (long) rows * cols; i++) dt.write(seg, i, (float) random.nextDouble(-1, 1));
        return new Tensor("w", dt, new long[]{rows, cols}, seg);
    }

    private float[] vector(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) random.nextDouble(-1, 1);
        return x;
    }

    /** fp32 sums of {@code cols} terms of magnitude ≤ 1 in another order. */
    private static void assertClose(float[] expected, float[] actual, int cols, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++)
            assertEquals(expected[i], actual[i], 1e-6 * cols, what + " [" + i + "]");
    }
}
