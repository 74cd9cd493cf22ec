package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.BatchRows;
import org.gsaexplorer.model.BatchedSession;
import org.gsaexplorer.model.RecurrentState;
import org.gsaexplorer.model.StateRegion;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.backend.ResetSplit;
import org.gsaexplorer.model.backend.cuda.runtime.Driver;
import org.gsaexplorer.model.backend.cuda.runtime.SessionStream;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.ProbeSpec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * B sequences on the GPU as one: their rows one sequence after the other ({@link BatchRows}), the projections as GEMMs
 * over all B·t rows, the slot memory with a batch dimension over a [B × ...] {@link SlotState}. Prefill and decode
 * both run the {@link PrefillPass} (a decode step is a prefill of one token per sequence, its slot memory token by
 * token), over at most {@link #MAX_ROWS} rows at a time.
 */
public final class CudaBatchSession implements BatchedSession {
    /** Rows of one pass when every row's logits come back to the host (4·V bytes each, on the device and pinned). */
    static final int MAX_ROWS = 8192;
    /** Rows of one pass that keeps only each sequence's last logits (the benchmark's prefill). */
    static final int MAX_ROWS_LAST_ONLY = 65536;

    private final CudaModel model;
    private final GsaConfig c;
    private final Driver drv;
    private final int batch;
    private final SessionStream ss;
    private final SlotState state;
    private final RowScratch rows;
    private final ProbeLayout probes;
    private final SlotMemory slots;
    private final PrefillPass pass;
    private int position;
    /** Per sequence, its position: all {@link #position} except after per-sequence restores to different ones. */
    private final int[] positions;
    /** Made at the first patched restore. */
    private StatePatch patch;

    CudaBatchSession(CudaModel model, int batch) {
        BatchRows.checkSize(batch);
        this.model = model;
        this.c = model.config;
        this.drv = model.dev.driver;
        this.batch = batch;
        this.positions = new int[batch];
        this.ss = new SessionStream(model.dev);
        try {
            this.state = new SlotState(drv, c, batch);
        } catch (RuntimeException e) {
            ss.close();
            throw e;
        }
        this.rows = new RowScratch(ss, c, model.weights.dtype.bytes);
        this.probes = new ProbeLayout(c, drv);
        this.slots = new SlotMemory(model, ss, rows, state);
        this.pass = new PrefillPass(model, ss, rows, slots, probes, new GemvLaunch(model.kernels, ss));
        reset();
    }

    @Override public GsaConfig config() { return c; }
    @Override public String backendName() { return "cuda"; }
    @Override public int size() { return batch; }
    @Override public Ablations ablations() { return slots.ablations(); }
    @Override public int position() { return position; }

    @Override
    public void setAblations(Ablations a) {
        model.dev.makeCurrent();
        slots.setAblations(a);
    }

    @Override
    public void reset() {
        model.dev.makeCurrent();
        state.zero(ss.stream);
        drv.sync(ss.stream);
        moveTo(0);
    }

    /** Every sequence at position p. */
    private void moveTo(int p) {
        position = p;
        Arrays.fill(positions, p);
    }

    @Override
    public RecurrentState saveState(int b) {
        model.dev.makeCurrent();
        drv.sync(ss.stream);
        return state.save(b, positions[b]);
    }

    @Override
    public void restoreState(int b, RecurrentState s) {
        state.check(s);
        model.dev.makeCurrent();
        drv.sync(ss.stream);
        state.restore(b, s);
        positions[b] = position = s.position();
    }

    /** Base and donor are uploaded once; each sequence's copy is made on the device ({@link StatePatch}). */
    @Override
    public void restorePatched(RecurrentState base, RecurrentState donor, List<StateRegion> regions) {
        model.dev.makeCurrent();
        drv.sync(ss.stream);
        if (patch == null) patch = new StatePatch(model, ss, batch);
        patch.apply(state, base, donor, regions);
        drv.sync(ss.stream);
        moveTo(base.position());
    }

    @Override
    public List<ForwardResult> step(int[] ids, ProbeSpec probes) {
        return prefill(BatchRows.column(ids), probes);
    }

    @Override
    public List<ForwardResult> prefill(int[][] ids, ProbeSpec probeSpec) {
        int t = BatchRows.length(ids, batch);
        for (int[] seq : ids) ResetSplit.checkIds(seq, c.vocabSize());
        BatchRows.checkPositions(positions);
        model.dev.makeCurrent();
        List<ForwardResult> out = ResetSplit.split(t, position, ablations().resetAt(), (from, to, resetFirst) -> {
            if (resetFirst) state.zero(ss.stream);
            List<List<ForwardResult>> parts = new ArrayList<>();
            int per = Math.max(1, MAX_ROWS / batch);
            for (int f = from; f < to; f += per) parts.add(pass(ids, f, Math.min(to, f + per), probeSpec.layers()));
            return parts.size() == 1 ? parts.getFirst() : BatchRows.concat(parts);
        }, BatchRows::concat);
        moveTo(position);
        return out;
    }

    /** Tokens [from, to) of every sequence, with every row's logits and the probes of {@code pl}. */
    private List<ForwardResult> pass(int[][] ids, int from, int to, int[] pl) {
        int t = to - from, n = batch * t;
        int[] tokens = BatchRows.rows(ids, from, to);
        ensureRows(t, n);
        probes.ensure(pl.length, n, () -> { });
        long logitBytes = 4L * n * c.vocabSize(), probeBytes = 4L * pl.length * probes.floats(n);
        ss.ensurePinned(logitBytes + probeBytes, () -> { });
        upload(tokens);
        slots.position = position;
        pass.launches(batch, t, pl, true);
        MemorySegment out = ss.pinned();
        drv.copyDtoHAsync(out, rows.logits, logitBytes, ss.stream);
        if (pl.length > 0) drv.copyDtoHAsync(out.asSlice(logitBytes), probes.buffer, probeBytes, ss.stream);
        drv.sync(ss.stream);
        List<ForwardResult> r = BatchRows.split(probes.collect(tokens, pl, n, out, n, position), batch, position);
        position += t;
        return r;
    }

    /** Scratch for batch sequences of t rows and logitRows rows of logits. */
    private void ensureRows(int t, int logitRows) {
        int chunks = t > 1 ? batch * ((t + SlotMemory.chunkSize(c) - 1) / SlotMemory.chunkSize(c)) : 0;
        if (batch * t > rows.rows || chunks > rows.chunks || logitRows > rows.logitRows)
            rows.allocate(batch, Math.max(t, rows.rows / batch), Math.max(logitRows, rows.logitRows));
    }

    private void upload(int[] tokens) {
        try (Arena tmp = Arena.ofConfined()) {
            drv.copyHtoDAsync(rows.ids, tmp.allocateFrom(JAVA_INT, tokens), 4L * tokens.length, ss.stream);
            drv.sync(ss.stream);
        }
    }

    // for the benchmark (BatchBenchHooks): device-side passes without copies to the host

    /** Prefill of ids[b] computing only each sequence's last logits; leaves the state advanced. */
    void prefillLastOnly(int[][] ids) {
        int t = BatchRows.length(ids, batch);
        BatchRows.checkPositions(positions);
        model.dev.makeCurrent();
        int per = Math.max(1, MAX_ROWS_LAST_ONLY / batch);
        for (int f = 0; f < t; f += per) {
            int to = Math.min(t, f + per);
            ensureRows(to - f, batch);
            upload(BatchRows.rows(ids, f, to));
            slots.position = position;
            pass.launches(batch, to - f, new int[0], false);
            drv.sync(ss.stream);
            position += to - f;
        }
        moveTo(position);
    }

    /** Queues the decode step of the tokens {@link #loadStep} left on the device: every sequence's logits, nothing copied. */
    void stepLaunches() {
        pass.launches(batch, 1, new int[0], true);
    }

    /** Puts one token per sequence on the device for {@link #stepLaunches}. */
    void loadStep(int[] ids) {
        model.dev.makeCurrent();
        ensureRows(1, batch);
        upload(ids);
    }

    /** Bytes of recurrent state of all sequences. */
    long stateBytes() {
        return state.bytes();
    }

    SessionStream stream() {
        return ss;
    }

    CudaModel model() {
        return model;
    }

    @Override
    public void close() {
        model.dev.makeCurrent();
        try {
            drv.sync(ss.stream);
        } finally {
            rows.free();
            probes.free();
            slots.free();
            if (patch != null) patch.free();
            state.free();
            ss.close();
        }
    }
}
