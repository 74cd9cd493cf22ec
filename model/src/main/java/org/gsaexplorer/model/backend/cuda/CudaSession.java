package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.RecurrentState;
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
import java.util.Map;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One sequence on the GPU. Decode ({@link #step}) replays the {@link DecodeGraph} captured for the probe set; prefill
 * runs the {@link PrefillPass} over up to {@link #MAX_ROWS} tokens at a time. Both drive the {@link SlotMemory}
 * launches; the recurrent state ({@link SlotState}) stays on the GPU. This class keeps the sequence: position,
 * ablations, scratch and probe buffers sized for what runs next, and the copies to and from the host.
 */
public final class CudaSession implements GsaSession {
    static final int MAX_ROWS = 2048;

    private final CudaModel model;
    private final GsaConfig c;
    private final Driver drv;
    private final SessionStream ss;
    private final SlotState state;
    private final RowScratch rows;
    private final ProbeLayout probes;
    private final SlotMemory slots;
    private final DecodeGraph decode;
    private final PrefillPass prefill;
    private final GemvLaunch gemv;
    private int position;

    CudaSession(CudaModel model) {
        this.model = model;
        this.c = model.config;
        this.drv = model.dev.driver;
        this.ss = new SessionStream(model.dev);
        try {
            this.state = new SlotState(drv, c, 1);
        } catch (RuntimeException e) {
            ss.close();
            throw e;
        }
        this.rows = new RowScratch(ss, c, model.weights.dtype.bytes);
        this.probes = new ProbeLayout(c, drv);
        this.slots = new SlotMemory(model, ss, rows, state);
        this.gemv = new GemvLaunch(model.kernels, ss);
        this.decode = new DecodeGraph(model, ss, rows, slots, probes, gemv);
        this.prefill = new PrefillPass(model, ss, rows, slots, probes, gemv);
        reset();
    }

    @Override public GsaConfig config() { return c; }
    @Override public String backendName() { return "cuda"; }
    @Override public Ablations ablations() { return slots.ablations(); }
    @Override public int position() { return position; }

    @Override
    public void setAblations(Ablations a) {
        model.dev.makeCurrent();
        slots.setAblations(a);
        decode.drop(); // ablation switches are kernel arguments baked into the graphs
    }

    @Override
    public void reset() {
        model.dev.makeCurrent();
        state.zero(ss.stream);
        drv.sync(ss.stream);
        position = 0;
    }

    @Override
    public RecurrentState saveState() {
        model.dev.makeCurrent();
        drv.sync(ss.stream);
        return state.save(0, position);
    }

    @Override
    public void restoreState(RecurrentState s) {
        state.check(s);
        model.dev.makeCurrent();
        drv.sync(ss.stream);
        state.restore(0, s);
        position = s.position();
    }

    @Override
    public ForwardResult step(int id, ProbeSpec probes) {
        return run(new int[]{id}, probes, false);
    }

    @Override
    public ForwardResult prefill(int[] ids, ProbeSpec probes) {
        return run(ids, probes, true);
    }

    private ForwardResult run(int[] ids, ProbeSpec probes, boolean batched) {
        ResetSplit.checkIds(ids, c.vocabSize());
        model.dev.makeCurrent();
        return ResetSplit.run(ids, position, ablations().resetAt(), (piece, resetFirst) -> pieces(piece, probes, batched, resetFirst));
    }

    private ForwardResult pieces(int[] ids, ProbeSpec probes, boolean batched, boolean resetFirst) {
        if (resetFirst) state.zero(ss.stream);
        if (!batched || ids.length == 1) {
            List<ForwardResult> parts = new ArrayList<>();
            for (int id : ids) parts.add(decode(id, probes));
            return parts.size() == 1 ? parts.getFirst() : ForwardResult.concat(parts);
        }
        List<ForwardResult> parts = new ArrayList<>();
        for (int from = 0; from < ids.length; from += MAX_ROWS)
            parts.add(prefillPiece(Arrays.copyOfRange(ids, from, Math.min(ids.length, from + MAX_ROWS)), probes));
        return parts.size() == 1 ? parts.getFirst() : ForwardResult.concat(parts);
    }

    /** One token through the captured graph. */
    private ForwardResult decode(int id, ProbeSpec probeSpec) {
        ensureRows(1);
        int[] pl = probeSpec.layers();
        ensureProbes(pl.length, 1);
        setToken(id);
        launchDecode(pl);
        drv.copyDtoHAsync(ss.pinned().asSlice(16), rows.logits, 4L * c.vocabSize(), ss.stream);
        drv.sync(ss.stream);
        return advance(probes.collect(new int[]{id}, pl, 1, ss.pinned().asSlice(16), 1, position));
    }

    /**
     * One decode step's launches: the captured graph, or, when gate edits make the launches depend on the position,
     * the launches themselves.
     */
    private void launchDecode(int[] probeLayers) {
        slots.position = position;
        if (slots.positional()) decode.launches(probeLayers);
        else drv.launchGraph(decode.exec(probeLayers), ss.stream);
    }

    /** T tokens with GEMMs, logits of every row. */
    private ForwardResult prefillPiece(int[] tokens, ProbeSpec probeSpec) {
        int t = tokens.length;
        ensureRows(t);
        int[] pl = probeSpec.layers();
        ensureProbes(pl.length, t);
        long outBytes = 4L * t * c.vocabSize() + 4L * pl.length * probes.floats(t);
        ensurePinned(16 + outBytes);
        try (Arena tmp = Arena.ofConfined()) {
            drv.copyHtoDAsync(rows.ids, tmp.allocateFrom(JAVA_INT, tokens), 4L * t, ss.stream);
            slots.position = position;
            prefill.launches(1, t, pl, true);
            drv.sync(ss.stream);
        }
        MemorySegment out = ss.pinned().asSlice(16);
        drv.copyDtoHAsync(out, rows.logits, 4L * t * c.vocabSize(), ss.stream);
        if (pl.length > 0)
            drv.copyDtoHAsync(out.asSlice(4L * t * c.vocabSize()), probes.buffer, 4L * pl.length * probes.floats(t), ss.stream);
        drv.sync(ss.stream);
        return advance(probes.collect(tokens, pl, t, out, t, position));
    }

    private ForwardResult advance(ForwardResult r) {
        position += r.tokens();
        return r;
    }

    /** The next decode step's input token, packed as pack_best (pinned bytes 0–7 until the stream syncs). */
    private void setToken(int id) {
        ss.pinned().set(JAVA_LONG, 0, 0x8000_0000_0000_0000L | (~id & 0xFFFF_FFFFL));
        drv.copyHtoDAsync(rows.best, ss.pinned(), 8, ss.stream);
    }

    /** The token the last decode step chose greedily: the first index of its largest logit. */
    int greedyNext() {
        model.dev.makeCurrent();
        drv.copyDtoHAsync(ss.pinned().asSlice(8, 8), rows.best, 8, ss.stream);
        drv.sync(ss.stream);
        long p = ss.pinned().get(JAVA_LONG, 8);
        return p == 0 ? 0 : (int) ~p;
    }

    /** Scratch for {@code t} rows; growing it moves every buffer, so the graphs go first. */
    private void ensureRows(int t) {
        if (t <= rows.rows) return;
        decode.drop();
        rows.allocate(t);
        ensurePinned(16 + 4L * c.vocabSize());
    }

    private void ensureProbes(int layersProbed, int t) {
        if (layersProbed > 0) decode.ensureSideStream();
        long grown = probes.ensure(layersProbed, t, decode::drop);
        if (grown >= 0) ensurePinned(16 + 4L * c.vocabSize() + grown);
    }

    /** The pinned buffer: the decode token (bytes 0–15), then logits and probes; graphs copy into it. */
    private void ensurePinned(long bytes) {
        ss.ensurePinned(bytes, decode::drop);
    }

    /** See {@link SlotMemory#chunkedPrefill}. */
    void useChunkedPrefill(boolean on) {
        slots.chunkedPrefill = on;
    }

    /**
     * Decode through slot_o where the GPU allows it; off (the default), key_scan → value_scan → o_proj. On an H100
     * (gsa-1.3b) slot_o was 0.5–1 % faster until the GEMVs staged their norm weights before waiting, and is 0.4–1 %
     * slower since (3 % with every layer probed); CudaBench times both in every run, as the balance may turn again.
     */
    void useFusedSlotStep(boolean on) {
        if (slots.useFusedSlotStep(on)) decode.drop();
    }

    /** See {@link GemvLaunch#useSplits}; the decode graphs bake the splits in. */
    void useGemvSplits(Map<String, Integer> bySuffix) {
        gemv.useSplits(bySuffix);
        decode.drop();
    }

    // for the benchmark (BenchHooks): device-side loops without host round trips

    /** Prefill of {@code tokens} computing only the last row's logits; returns nothing, leaves the state advanced. */
    void prefillLastOnly(int[] tokens) {
        model.dev.makeCurrent();
        for (int from = 0; from < tokens.length; from += MAX_ROWS) {
            int[] piece = Arrays.copyOfRange(tokens, from, Math.min(tokens.length, from + MAX_ROWS));
            ensureRows(piece.length);
            try (Arena tmp = Arena.ofConfined()) {
                drv.copyHtoDAsync(rows.ids, tmp.allocateFrom(JAVA_INT, piece), 4L * piece.length, ss.stream);
                slots.position = position;
                prefill.launches(1, piece.length, new int[0], false);
                drv.sync(ss.stream);
            }
            position += piece.length;
        }
    }

    /**
     * {@code n} greedy decode steps replayed back to back from the graph (each step's LM head picks the next token), with
     * the probes of {@code probeLayers} copied to pinned host memory after every step. Synchronises once at the end.
     */
    void greedyLoop(int firstId, int n, int[] probeLayers) {
        model.dev.makeCurrent();
        ensureRows(1);
        ensureProbes(probeLayers.length, 1);
        setToken(firstId);
        if (slots.positional()) {
            for (int i = 0; i < n; i++) {
                slots.position = position + i;
                decode.launches(probeLayers);
            }
        } else {
            MemorySegment exec = decode.exec(probeLayers);
            for (int i = 0; i < n; i++) drv.launchGraph(exec, ss.stream);
        }
        drv.sync(ss.stream);
        position += n;
    }

    /** One decode step's launches, uncaptured (for per-kernel profiles). */
    void decodeKernels(int[] probeLayers) {
        decode.launches(probeLayers);
    }

    /** Prefill launches for t tokens already in ids (for per-kernel profiles). */
    void prefillKernels(int t, int[] probeLayers, boolean allLogits) {
        prefill.launches(1, t, probeLayers, allLogits);
    }

    CudaModel model() {
        return model;
    }

    MemorySegment stream() {
        return ss.stream;
    }

    Kernels kernels() {
        return model.kernels;
    }

    /** Bytes of recurrent state per layer set (keys, values, conv), read and written once per decode step. */
    long stateBytes() {
        return state.bytes();
    }

    @Override
    public void close() {
        model.dev.makeCurrent();
        try {
            drv.sync(ss.stream);
        } finally {
            decode.free();
            rows.free();
            probes.free();
            slots.free();
            state.free();
            ss.close();
        }
    }
}
