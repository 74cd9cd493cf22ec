package org.gsaexplorer.model.backend.vector;

import org.gsaexplorer.model.ops.Matrix;
import org.gsaexplorer.model.weights.DType;
import org.gsaexplorer.model.weights.Tensor;

import java.lang.foreign.MemorySegment;

/**
 * Rows [firstRow, firstRow + rows) of a checkpoint matrix, read where the checkpoint is mapped, in its own dtype: a
 * bf16 checkpoint streams 2 bytes per weight and never has an fp32 copy. One token's product over bf16 or f32 weights
 * widens them in registers as it streams them ({@link Gemv}); a product over several tokens (or f16 weights) widens 4
 * rows at a time into a per-thread scratch and multiplies them against every token there ({@link Tiles}), so a weight
 * is read from memory once per call whatever the token count. The output rows are split over the cores.
 */
public final class MappedMatrix implements Matrix {
    /** Below this many multiply-adds a product stays on the calling thread (waking workers costs more). */
    static final long PARALLEL_WORK = 1L << 18;
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[1][0]);

    private final MemorySegment data;
    private final DType dtype;
    private final long first;
    private final int rows, cols;
    private final WorkerPool pool;

    public MappedMatrix(Tensor t, int firstRow, int rows, WorkerPool pool) {
        this.data = t.data();
        this.dtype = t.dtype();
        this.cols = (int) t.shape()[1];
        this.first = (long) firstRow * cols;
        this.rows = rows;
        this.pool = pool;
    }

    @Override public int rows() { return rows; }
    @Override public int cols() { return cols; }

    /** Bytes one pass over this matrix streams. */
    public long bytes() {
        return (long) rows * cols * dtype.bytes;
    }

    @Override
    public float[] times(float[] input, int n) {
        float[] x = Widen.permute(input, n, cols, dtype);
        float[] y = new float[n * rows];
        if (n == 1 && dtype != DType.F16) {
            if ((long) rows * cols < PARALLEL_WORK) Gemv.rows(data, dtype, first, cols, x, y, 0, rows);
            else pool.run(rows, Tiles.ROWS, (from, to) -> Gemv.rows(data, dtype, first, cols, x, y, from, to));
        } else if ((long) rows * cols * n < PARALLEL_WORK) {
            block(x, n, y, 0, rows);
        } else {
            pool.run(rows, Tiles.ROWS, (from, to) -> block(x, n, y, from, to));
        }
        return y;
    }

    /** One token on the calling thread: y[r] = ⟨row r, x⟩ for rows [from, to). */
    void gemv(GemvInput x, float[] y, int from, int to) {
        if (dtype == DType.F16) block(x.ordered(dtype), 1, y, from, to);
        else Gemv.rows(data, dtype, first, cols, x.ordered(dtype), y, from, to);
    }

    private void block(float[] x, int n, float[] y, int from, int to) {
        float[] w = scratch(Tiles.ROWS * cols);
        for (int r0 = from; r0 < to; r0 += Tiles.ROWS) {
            int nr = Math.min(Tiles.ROWS, to - r0);
            for (int r = 0; r < nr; r++) Widen.permuted(data, dtype, first + (long) (r0 + r) * cols, cols, w, r * cols);
            int t = 0;
            for (; t + Tiles.TOKENS <= n; t += Tiles.TOKENS) Tiles.rows4x4(w, cols, x, t, y, rows, r0, nr);
            for (; t < n; t++) Tiles.rows4x1(w, cols, x, t * cols, y, t * rows + r0, nr);
        }
    }

    private static float[] scratch(int n) {
        float[][] holder = SCRATCH.get();
        if (holder[0].length < n) holder[0] = new float[n];
        return holder[0];
    }

    @Override
    public void row(int r, float[] dst, int off) {
        Widen.widen(data, dtype, first + (long) r * cols, cols, dst, off);
    }

    @Override
    public float[] values() {
        float[] all = new float[Math.multiplyExact(rows, cols)];
        Widen.widen(data, dtype, first, all.length, all, 0);
        return all;
    }
}
