package org.gsaexplorer.bench.cuda;

import org.gsaexplorer.bench.sequence.SequenceSession;
import org.gsaexplorer.model.backend.ResetSplit;
import org.gsaexplorer.model.backend.cuda.runtime.Cublas;
import org.gsaexplorer.model.backend.cuda.runtime.CudaDevice;
import org.gsaexplorer.model.backend.cuda.runtime.Driver;
import org.gsaexplorer.model.backend.cuda.runtime.HostCast;
import org.gsaexplorer.model.backend.cuda.runtime.SessionStream;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * What the GPU baselines' sessions share: a {@link SessionStream} with device scratch sized for the largest prefill
 * piece, and decoding through a captured graph whose kernels read the token from ids[0] and the position from pos[0]
 * and end with a greedy argmax into ids[0] and pos[0] += 1, so {@link #generate} replays it back to back. Both are
 * pre-norm decoders, so the embedding, the SwiGLU MLP and the final norm + LM head are launched from here; a subclass
 * adds only its attention.
 */
abstract class BaselineSession implements SequenceSession {
    private final BaselineCudaModel<?> model;
    protected final CudaDevice dev;
    protected final Driver drv;
    protected final BaselineKernels k = BaselineKernels.get();
    protected final Cublas blas = Cublas.get();
    private final SessionStream ss;
    protected final MemorySegment stream, cublas;
    protected final BaselineWeights w;
    protected final int vocab, d, inter, dt;
    protected final float eps;
    /** Width of {@link #xn} beyond d (the attention output that the output projection reads may be wider). */
    private final int xnWidth;
    /** ids [rows] and pos [1], ints. */
    protected final long ids, pos;
    private final MemorySegment pinned;
    private SessionStream.Graph graph;
    protected int rows;
    protected int position;
    /** Scratch of every row: residual stream, normed rows, gate and up, MLP activations, logits. */
    protected long x, xn, gu, hAct, logits;

    BaselineSession(BaselineCudaModel<?> model, int vocab, int d, int inter, int xnWidth, float eps) {
        this.model = model;
        this.dev = model.dev;
        this.drv = dev.driver;
        this.w = model.w;
        this.vocab = vocab;
        this.d = d;
        this.inter = inter;
        this.dt = w.dt;
        this.xnWidth = xnWidth;
        this.eps = eps;
        dev.makeCurrent();
        ss = new SessionStream(dev);
        stream = ss.stream;
        cublas = ss.cublas;
        ids = drv.alloc(4L * MAX_ROWS, "token ids");
        pos = drv.alloc(4, "position");
        ss.ensurePinned(16 + 4L * vocab, () -> { });
        pinned = ss.pinned();
    }

    /** Rows of one prefill piece at most (scratch is sized for it). */
    static final int MAX_ROWS = 2048;

    protected void launch(String name, int gx, int gy, int bx, int smem, SessionStream.ArgFill fill) {
        ss.launch(k, name, gx, gy, bx, smem, fill);
    }

    protected void gemv(long weight, int dt, long in, long out, int rowsOut, int cols, boolean accumulate) {
        String name = switch (dt) {
            case HostCast.F32 -> "bl_gemv_f32";
            case HostCast.F16 -> "bl_gemv_f16";
            default -> "bl_gemv_bf16";
        };
        int blocks = Math.max(1, Math.min((rowsOut + 7) / 8, dev.smCount * 16));
        launch(name, blocks, 1, 256, 0, a -> a.ptr(weight).ptr(in).ptr(out).i32(rowsOut).i32(cols).i32(accumulate ? 1 : 0));
    }

    protected void rmsnorm(int t, long in, int width, long norm, float eps, long out, int outDt) {
        launch("bl_rmsnorm", t, 1, 256, 0, a -> a.ptr(in).i32(width).ptr(norm).f32(eps).ptr(out).i32(outDt));
    }

    protected long scratch(long bytes, String what) {
        return ss.scratch(bytes, what);
    }

    /** Frees all scratch (and the decode graph, which captured its addresses). */
    protected void freeScratch() {
        dropGraph();
        ss.freeScratch();
        rows = 0;
    }

    protected void dropGraph() {
        if (graph != null) ss.destroy(graph);
        graph = null;
    }

    /** Makes scratch hold {@code t} rows: the shared buffers here, then the subclass's through {@link #allocRows}. */
    private void ensureRows(int t) {
        if (t <= rows) return;
        freeScratch();
        x = scratch(4L * t * d, "activations");
        xn = scratch(4L * t * Math.max(d, xnWidth), "normed activations");
        gu = scratch(8L * t * inter, "gate and up");
        hAct = scratch(4L * t * inter, "MLP activations");
        logits = scratch(4L * t * vocab, "logits");
        allocRows(t);
        rows = t;
    }

    /** Allocates the subclass's scratch for {@code t} rows (with {@link #scratch}). */
    protected abstract void allocRows(int t);

    /** Embeds the t token ids in ids into x. */
    protected void embed(int t) {
        launch("bl_embed", t, 1, 256, 0, a -> a.ptr(w.get("embeddings")).i32(dt).ptr(ids).ptr(x).i32(d));
    }

    /** Layer l's MLP on the one decode row, added into x. */
    protected void mlpDecode(int l) {
        rmsnorm(1, x, d, w.get(l + ".mlp_norm"), eps, xn, HostCast.F32);
        gemv(w.get(l + ".gate_up"), dt, xn, gu, 2 * inter, d, false);
        launch("bl_swiglu", 1, 1, 256, 0, a -> a.ptr(gu).i32(inter).ptr(hAct).i32(HostCast.F32));
        gemv(w.get(l + ".down"), dt, hAct, x, d, inter, true);
    }

    /** Layer l's MLP on t prefill rows (GEMMs in the weights' dtype), added into x. */
    protected void mlpPrefill(int l, int t) {
        rmsnorm(t, x, d, w.get(l + ".mlp_norm"), eps, xn, dt);
        blas.linear(cublas, w.get(l + ".gate_up"), xn, gu, t, d, 2 * inter, dt, 0f);
        launch("bl_swiglu", t, 1, 256, 0, a -> a.ptr(gu).i32(inter).ptr(hAct).i32(dt));
        blas.linear(cublas, w.get(l + ".down"), hAct, x, t, inter, d, dt, 1f);
    }

    /** Final norm, LM head and the greedy argmax that ends a decode step. */
    protected void logitsDecode() {
        rmsnorm(1, x, d, w.get("final_norm"), eps, xn, HostCast.F32);
        gemv(w.get("lm_head"), dt, xn, logits, vocab, d, false);
        launch("bl_argmax_advance", 1, 1, 1024, 0, a -> a.ptr(logits).i32(vocab).ptr(ids).ptr(pos));
    }

    /** Final norm and LM head over t prefill rows, or over the last row only (a GEMV) when not allLogits. */
    protected void logitsPrefill(int t, boolean allLogits) {
        if (allLogits) {
            rmsnorm(t, x, d, w.get("final_norm"), eps, xn, dt);
            blas.linear(cublas, w.get("lm_head"), xn, logits, t, d, vocab, dt, 0f);
        } else {
            rmsnorm(1, x + 4L * (t - 1) * d, d, w.get("final_norm"), eps, xn, HostCast.F32);
            gemv(w.get("lm_head"), dt, xn, logits, vocab, d, false);
        }
    }

    /** The launches of one decode step (see the class comment). */
    protected abstract void decodeKernels();

    /** Prefill launches for t tokens in ids at pos[0]; logits of every row, or of the last row only. */
    protected abstract void prefillKernels(int t, boolean allLogits);

    /** Grows the KV cache (if any) to {@code tokens}; may drop the graph when buffers move. */
    protected abstract void reserve(int tokens);

    /** The most rows a prefill piece may have at the current position (bounded by attention scratch). */
    protected int pieceRows() {
        return MAX_ROWS;
    }

    private void writeIdAndPosition(int id) {
        pinned.set(JAVA_INT, 0, id);
        pinned.set(JAVA_INT, 4, position);
        drv.copyHtoDAsync(ids, pinned, 4, stream);
        drv.copyHtoDAsync(pos, pinned.asSlice(4), 4, stream);
    }

    private MemorySegment graph() {
        ensureRows(1);
        if (graph == null) graph = ss.capture(this::decodeKernels);
        return graph.exec();
    }

    @Override
    public float[] step(int id) {
        ResetSplit.checkIds(new int[]{id}, vocab);
        dev.makeCurrent();
        reserve(position + 1);
        MemorySegment e = graph();
        writeIdAndPosition(id);
        drv.launchGraph(e, stream);
        drv.copyDtoHAsync(pinned.asSlice(16), logits, 4L * vocab, stream);
        drv.sync(stream);
        position++;
        return pinned.asSlice(16).toArray(JAVA_FLOAT);
    }

    @Override
    public void generate(int first, int n) {
        ResetSplit.checkIds(new int[]{first}, vocab);
        dev.makeCurrent();
        reserve(position + n);
        MemorySegment e = graph();
        writeIdAndPosition(first);
        for (int i = 0; i < n; i++) drv.launchGraph(e, stream);
        drv.sync(stream);
        position += n;
    }

    @Override
    public float[] prefill(int[] tokens) {
        return run(tokens, true);
    }

    @Override
    public void advance(int[] tokens) {
        run(tokens, false);
    }

    private float[] run(int[] tokens, boolean allLogits) {
        ResetSplit.checkIds(tokens, vocab);
        dev.makeCurrent();
        reserve(position + tokens.length);
        float[] out = allLogits ? new float[tokens.length * vocab] : null;
        for (int from = 0; from < tokens.length; ) {
            int t = Math.min(tokens.length - from, pieceRows());
            int[] piece = Arrays.copyOfRange(tokens, from, from + t);
            ensureRows(t);
            try (Arena tmp = Arena.ofConfined()) {
                pinned.set(JAVA_INT, 4, position);
                drv.copyHtoDAsync(pos, pinned.asSlice(4), 4, stream);
                drv.copyHtoDAsync(ids, tmp.allocateFrom(JAVA_INT, piece), 4L * t, stream);
                prefillKernels(t, allLogits);
                if (allLogits) {
                    MemorySegment host = tmp.allocate(4L * t * vocab);
                    drv.copyDtoHAsync(host, logits, 4L * t * vocab, stream);
                    drv.sync(stream);
                    MemorySegment.copy(host, JAVA_FLOAT, 0, out, from * vocab, t * vocab);
                }
                drv.sync(stream);
            }
            position += t;
            from += t;
        }
        return out;
    }

    @Override
    public int position() {
        return position;
    }

    /** Frees the architecture's own device state (cache or recurrent state) when the session closes. */
    protected abstract void freeState();

    @Override
    public void close() {
        if (!model.closed(this)) return;
        dev.makeCurrent();
        try {
            drv.sync(stream);
        } finally {
            freeState();
            dropGraph();
            drv.free(ids);
            drv.free(pos);
            ss.close();
        }
    }
}
