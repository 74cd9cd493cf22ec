package org.gsaexplorer.model.backend.vector;

import org.gsaexplorer.model.ops.Activations;

/**
 * One token's products of matrices that read the same input, run as one job over all their rows (q, k, v and f after
 * the attention norm; o alone; gate with up, fused with SwiGLU; down; the LM head), so each is one fork and join of
 * the pool instead of one per matrix. Input and outputs are the session's buffers, fixed at construction, so a run
 * allocates nothing.
 */
final class RowGroup implements WorkerPool.Task {
    /**
     * Below this many weights a group stays on the calling thread: a worker woken for it may take tens of µs to start,
     * longer than one core needs for a few MB, most of all when they sit in the cache (the Rust sample's 14 MB).
     */
    static final long PARALLEL_WEIGHTS = 1L << 20;
    private final WorkerPool pool;
    private final GemvInput in;
    private final MappedMatrix[] parts;
    private final float[][] out;
    /** Where each part's rows start in the job's items, for a plain group. */
    private final int[] start;
    private final boolean swiGlu;
    private final int rows;
    private final long work;

    private RowGroup(WorkerPool pool, GemvInput in, MappedMatrix[] parts, float[][] out, boolean swiGlu) {
        this.pool = pool;
        this.in = in;
        this.parts = parts;
        this.out = out;
        this.swiGlu = swiGlu;
        start = new int[parts.length + 1];
        long w = 0;
        for (int i = 0; i < parts.length; i++) {
            start[i + 1] = start[i] + parts[i].rows();
            w += (long) parts[i].rows() * parts[i].cols();
        }
        rows = swiGlu ? parts[0].rows() : start[parts.length];
        work = w;
    }

    /** out[i] = parts[i]·x for each part. */
    static RowGroup of(WorkerPool pool, GemvInput x, MappedMatrix[] parts, float[][] out) {
        return new RowGroup(pool, x, parts, out, false);
    }

    /** out = SiLU(gate·x) ⊙ (up·x), row by row as soon as both sums are known; {@code scratch} holds up·x. */
    static RowGroup swiGlu(WorkerPool pool, GemvInput x, MappedMatrix gate, MappedMatrix up, float[] out, float[] scratch) {
        return new RowGroup(pool, x, new MappedMatrix[]{gate, up}, new float[][]{out, scratch}, true);
    }

    void run() {
        if (work < PARALLEL_WEIGHTS) run(0, rows);
        else pool.run(rows, Tiles.ROWS, this);
    }

    @Override
    public void run(int from, int to) {
        if (swiGlu) {
            parts[0].gemv(in, out[0], from, to);
            parts[1].gemv(in, out[1], from, to);
            for (int r = from; r < to; r++) out[0][r] = Activations.silu(out[0][r]) * out[1][r];
            return;
        }
        for (int i = 0; i < parts.length; i++) {
            int lo = Math.max(from, start[i]), hi = Math.min(to, start[i + 1]);
            if (lo < hi) parts[i].gemv(in, out[i], lo - start[i], hi - start[i]);
        }
    }
}
