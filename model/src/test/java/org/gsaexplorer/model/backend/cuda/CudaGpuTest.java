package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.Fixtures;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.RecurrentState;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.ablation.Readout;
import org.gsaexplorer.model.backend.cuda.runtime.CudaDevice;
import org.gsaexplorer.model.backend.cuda.runtime.CudaFaults;
import org.gsaexplorer.model.backend.cuda.runtime.Driver;
import org.gsaexplorer.model.backend.cuda.runtime.HostCast;
import org.gsaexplorer.model.backend.cuda.runtime.KernelArgs;
import org.gsaexplorer.model.backend.reference.ReferenceBackend;
import org.gsaexplorer.model.config.FeatureMap;
import org.gsaexplorer.model.io.NpyArray;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.weights.Checkpoint;
import org.gsaexplorer.model.weights.DType;
import org.gsaexplorer.model.weights.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cuda backend against the FLA fixture and the plain-Java reference. Skipped, with the reason, where no GPU can be
 * used. Run on the H100 before resolving issue 4.
 */
@RequiresGpu
class CudaGpuTest {
    static CudaBackend cuda;
    static Checkpoint ckpt;
    static CudaModel model;
    static LoadedModel ref;
    static Map<String, NpyArray> fx;

    @BeforeAll
    static void open() {
        if (!RequiresGpu.Condition.available()) return;
        cuda = new CudaBackend();
        ckpt = Checkpoint.open(Fixtures.devModel());
        model = cuda.load(ckpt, null);
        ref = new ReferenceBackend().load(ckpt);
        fx = Fixtures.devArrays();
    }

    @AfterAll
    static void close() {
        if (model != null) model.close();
        if (ref != null) ref.close();
        if (ckpt != null) ckpt.close();
    }

    @AfterEach
    void disarm() {
        CudaFaults.clear();
    }

    static ForwardResult run(LoadedModel m, int[] ids, boolean prefill, ProbeSpec probes, Ablations ab) {
        try (GsaSession s = m.newSession()) {
            s.setAblations(ab);
            return Fixtures.run(s, ids, prefill, probes);
        }
    }

    @Test
    void fp32LogitsMatchFixtureInStepAndPrefill() {
        for (boolean prefill : new boolean[]{false, true})
            for (int seq = 0; seq < 2; seq++) {
                ForwardResult r = run(model, Fixtures.ids(fx.get("input_ids"), seq), prefill, ProbeSpec.NONE, Ablations.NONE);
                double err = Fixtures.maxAbsDiff(r.logits(), Fixtures.logits(fx.get("logits_ref"), seq));
                assertTrue(err < 1e-3, "seq " + seq + (prefill ? " prefill" : " step") + " max |Δlogit| = " + err);
            }
    }

    @Test
    void longPrefillMatchesFixture() {
        ForwardResult r = run(model, Fixtures.ids(fx.get("input_ids_long"), 1), true, ProbeSpec.NONE, Ablations.NONE);
        double err = Fixtures.maxAbsDiff(r.logits(), Fixtures.logits(fx.get("logits_long_ref"), 1));
        assertTrue(err < 1e-3, "T=200 prefill max |Δlogit| = " + err);
    }

    @Test
    void probesMatchFixtureInStepAndPrefill() {
        for (boolean prefill : new boolean[]{false, true}) {
            ForwardResult r = run(model, Fixtures.ids(fx.get("input_ids"), 0), prefill, ProbeSpec.all(2), Ablations.NONE);
            Fixtures.assertProbesMatch(fx, r, 1e-4, prefill ? "prefill" : "step");
        }
    }

    @Test
    void stepAndPrefillAgreeAndContinueFromEachOther() {
        int[] ids = Fixtures.ids(fx.get("input_ids"), 1);
        ForwardResult stepped = run(model, ids, false, ProbeSpec.of(1), Ablations.NONE);
        try (GsaSession s = model.newSession()) {
            List<ForwardResult> parts = new ArrayList<>();
            parts.add(s.prefill(java.util.Arrays.copyOfRange(ids, 0, 20), ProbeSpec.of(1)));
            for (int i = 20; i < ids.length; i++) parts.add(s.step(ids[i], ProbeSpec.of(1)));
            ForwardResult mixed = ForwardResult.concat(parts);
            assertEquals(ids.length, s.position());
            assertTrue(Fixtures.maxAbsDiff(stepped.logits(), mixed.logits()) < 1e-4);
            assertTrue(Fixtures.maxAbsDiff(stepped.probes().get(1).readout(), mixed.probes().get(1).readout()) < 1e-5);
        }
    }

    @Test
    void greedyContinuationMatchesFixture() {
        int[] ids = Fixtures.ids(fx.get("input_ids"), 0);
        int[] expected = Fixtures.ids(fx.get("greedy_continuation_ids"), 0);
        try (GsaSession s = model.newSession()) {
            int next = Fixtures.argmax(s.prefill(ids, ProbeSpec.NONE).logitsAt(ids.length - 1));
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], next, "continuation token " + i);
                next = Fixtures.argmax(s.step(next, ProbeSpec.NONE).logitsAt(0));
            }
        }
    }

    /** Decode steps that pick their own next token on the device (the LM head's fused argmax) continue the same text. */
    @Test
    void deviceGreedyStepsMatchFixture() {
        int[] ids = Fixtures.ids(fx.get("input_ids"), 0);
        int[] expected = Fixtures.ids(fx.get("greedy_continuation_ids"), 0);
        int[] probed = {0};
        try (CudaSession one = model.newSession(); CudaSession chained = model.newSession()) {
            assertEquals(expected[0], Fixtures.argmax(one.prefill(ids, ProbeSpec.NONE).logitsAt(ids.length - 1)));
            for (int i = 0; i + 1 < expected.length; i++) {
                one.greedyLoop(expected[i], 1, probed);
                assertEquals(expected[i + 1], one.greedyNext(), "continuation token " + (i + 1));
            }
            chained.prefill(ids, ProbeSpec.NONE);
            chained.greedyLoop(expected[0], expected.length - 1, probed);
            assertEquals(expected[expected.length - 1], chained.greedyNext(), "last token of a chained loop");
            assertEquals(one.position(), chained.position());
        }
    }

    /** The dev fixture's weights rounded to bf16 and saved as a bf16 checkpoint (what a cast fla-hub model looks like). */
    static Path bf16Copy(Path dir) throws IOException {
        Map<String, Tensor> ts = new java.util.TreeMap<>(ckpt.tensors());
        StringBuilder header = new StringBuilder("{");
        long off = 0;
        for (var e : ts.entrySet()) {
            long n = e.getValue().numel() * 2;
            if (header.length() > 1) header.append(',');
            header.append('"').append(e.getKey()).append("\":{\"dtype\":\"BF16\",\"shape\":")
                    .append(java.util.Arrays.toString(e.getValue().shape()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(off).append(',').append(off + n).append("]}");
            off += n;
        }
        header.append('}');
        while (header.length() % 8 != 0) header.append(' ');
        byte[] h = header.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment file = a.allocate(8 + h.length + off);
            file.set(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), 0, h.length);
            MemorySegment.copy(h, 0, file, java.lang.foreign.ValueLayout.JAVA_BYTE, 8, h.length);
            MemorySegment data = file.asSlice(8 + h.length);
            long at = 0;
            for (Tensor t : ts.values()) {
                for (long i = 0; i < t.numel(); i++) DType.BF16.write(data, at + i, t.dtype().read(t.data(), i));
                at += t.numel();
            }
            Files.write(dir.resolve("model.safetensors"), file.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        }
        Files.copy(Fixtures.devModel().resolve("config.json"), dir.resolve("config.json"));
        return dir;
    }

    @Test
    void bf16WeightsAgreeWithReferenceOnTheSameWeights(@TempDir Path tmp) throws IOException {
        try (Checkpoint bck = Checkpoint.open(bf16Copy(tmp)); CudaModel bf = cuda.load(bck, null);
             LoadedModel bref = new ReferenceBackend().load(bck)) {
            assertEquals(DType.BF16, bf.dtype());
            int agree = 0, total = 0;
            double worst = 0, vsFp32 = 0;
            for (boolean prefill : new boolean[]{false, true})
                for (int seq = 0; seq < 2; seq++) {
                    int[] ids = Fixtures.ids(fx.get("input_ids"), seq);
                    ForwardResult r = run(bf, ids, prefill, ProbeSpec.NONE, Ablations.NONE);
                    ForwardResult want = run(bref, ids, true, ProbeSpec.NONE, Ablations.NONE);
                    worst = Math.max(worst, Fixtures.maxAbsDiff(r.logits(), want.logits()));
                    vsFp32 = Math.max(vsFp32, Fixtures.maxAbsDiff(r.logits(), Fixtures.logits(fx.get("logits_ref"), seq)));
                    for (int t = 0; t < r.tokens(); t++) {
                        total++;
                        if (Fixtures.argmax(r.logitsAt(t)) == Fixtures.argmax(want.logitsAt(t))) agree++;
                    }
                }
            System.out.printf("bf16: top-1 agreement %d/%d, max |Δlogit| vs reference on bf16 weights %.3g, vs fp32 fixture %.3g%n",
                    agree, total, worst, vsFp32);
            assertTrue(agree >= 0.99 * total, "top-1 agreement " + agree + "/" + total);
            assertTrue(worst < 5e-2, "bf16 max |Δlogit| = " + worst);
        }
    }

    static List<Ablations> ablations() {
        Ablations n = Ablations.NONE;
        float[] table = new float[2 * 4 * 64];
        Random rnd = new Random(7);
        for (int i = 0; i < table.length; i++) table[i] = 0.5f + 0.5f * rnd.nextFloat();
        return List.of(n.withNoForget(true), n.withConstantDecay(0.9f), n.withDecayTable(table),
                n.withReadout(Readout.SWISH), n.withReadout(Readout.RELU), n.withReadout(Readout.RELU2),
                n.withSlotBudget(16), n.withFeatureMap(FeatureMap.RELU), n.withFeatureMap(FeatureMap.RELU2),
                n.withFeatureMap(FeatureMap.IDENTITY), n.withResetAt(17),
                n.withReadout(Readout.RELU).withSlotBudget(40).withResetAt(30));
    }

    @Test
    void everyAblationMatchesReference() {
        int[] ids = Fixtures.ids(fx.get("input_ids"), 0);
        // relu2 / identity maps and the unnormalised readouts amplify fp32 rounding (squares, sharper scores), so the
        // probes get 1e-3 here; the baseline probes are held to 1e-4 above
        for (Ablations ab : ablations())
            for (boolean prefill : new boolean[]{false, true})
                compare(ref, model, ids, prefill, ProbeSpec.all(2), ab, 1e-3, 1e-3, ab.describe() + (prefill ? " prefill" : " step"));
    }

    static void compare(LoadedModel want, LoadedModel got, int[] ids, boolean prefill, ProbeSpec probes, Ablations ab,
                        double logitTol, double probeTol, String what) {
        ForwardResult a = run(want, ids, prefill, probes, ab), b = run(got, ids, prefill, probes, ab);
        double err = Fixtures.maxAbsDiff(a.logits(), b.logits());
        double worstProbe = 0;
        for (int l : probes.layers())
            for (var e : Fixtures.PROBES.values())
                worstProbe = Math.max(worstProbe, Fixtures.maxAbsDiff(e.apply(a.probes().get(l)), e.apply(b.probes().get(l))));
        System.out.printf("%-40s max |Δlogit| %.2e, max |Δprobe| %.2e%n", what, err, worstProbe);
        assertTrue(err < logitTol, what + ": max |Δlogit| = " + err);
        for (int l : probes.layers())
            for (var e : Fixtures.PROBES.entrySet()) {
                double pe = Fixtures.maxAbsDiff(e.getValue().apply(a.probes().get(l)), e.getValue().apply(b.probes().get(l)));
                assertTrue(pe < probeTol * Math.max(1, maxAbs(e.getValue().apply(a.probes().get(l)))),
                        what + ": probe " + e.getKey() + " layer " + l + " max |Δ| = " + pe);
            }
    }

    static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    @Test
    void shortConvSampleMatchesReference() {
        try (Checkpoint ck = Checkpoint.open(Fixtures.sample("mqar-gsa-tiny").resolve("model"));
             CudaModel m = cuda.load(ck, null); LoadedModel r = new ReferenceBackend().load(ck)) {
            assertTrue(m.config().useShortConv());
            int[] ids = new Random(3).ints(70, 0, m.config().vocabSize()).toArray();
            ProbeSpec all = ProbeSpec.all(m.config().numLayers());
            // a trained model's sharp readout amplifies fp32 summation-order differences between the GPU kernels and the
            // plain Java loops (1.0e-4 measured on the H100 for the readout): probes get 2e-4 here, the fixture's 1e-4 above
            for (boolean prefill : new boolean[]{false, true}) {
                compare(r, m, ids, prefill, all, Ablations.NONE, 1e-3, 2e-4, "mqar " + (prefill ? "prefill" : "step"));
                compare(r, m, ids, prefill, all, Ablations.NONE.withResetAt(33).withFeatureMap(FeatureMap.RELU), 1e-3, 2e-4,
                        "mqar reset+relu " + (prefill ? "prefill" : "step"));
            }
            // the conv history carries across a prefill → step boundary and through save / restore, also across backends
            try (GsaSession gs = m.newSession(); GsaSession rs = r.newSession()) {
                rs.prefill(java.util.Arrays.copyOfRange(ids, 0, 30), ProbeSpec.NONE);
                gs.restoreState(rs.saveState());
                assertEquals(30, gs.position());
                float[] a = rs.step(ids[30], ProbeSpec.NONE).logitsAt(0), b = gs.step(ids[30], ProbeSpec.NONE).logitsAt(0);
                assertTrue(Fixtures.maxAbsDiff(a, b) < 1e-3);
                RecurrentState back = gs.saveState();
                RecurrentState want = rs.saveState();
                for (int l = 0; l < back.keySlots().length; l++) {
                    assertTrue(Fixtures.maxAbsDiff(want.keySlots()[l], back.keySlots()[l]) < 1e-4);
                    assertTrue(Fixtures.maxAbsDiff(want.valueSlots()[l], back.valueSlots()[l]) < 1e-4);
                    assertTrue(Fixtures.maxAbsDiff(want.convState()[l], back.convState()[l]) < 1e-5);
                }
            }
        }
    }

    @Test
    void saveRestoreAndResetReproduceTheSameTokens() {
        int[] ids = Fixtures.ids(fx.get("input_ids"), 1);
        try (GsaSession s = model.newSession()) {
            s.prefill(java.util.Arrays.copyOfRange(ids, 0, 24), ProbeSpec.NONE);
            RecurrentState st = s.saveState();
            float[] first = s.step(ids[24], ProbeSpec.NONE).logitsAt(0);
            s.step(ids[25], ProbeSpec.NONE);
            s.restoreState(st);
            assertEquals(24, s.position());
            float[] again = s.step(ids[24], ProbeSpec.NONE).logitsAt(0);
            assertEquals(0.0, Fixtures.maxAbsDiff(first, again));
            s.reset();
            assertEquals(0, s.position());
            ForwardResult fresh = s.prefill(ids, ProbeSpec.NONE);
            assertTrue(Fixtures.maxAbsDiff(fresh.logits(), Fixtures.logits(fx.get("logits_ref"), 1)) < 1e-3);
        }
    }

    /** Every warp split and grid size of the streaming GEMV against one thread per row, on a vector and a scalar width. */
    @Test
    void optimisedGemvMatchesPlainKernel() {
        CudaDevice dev = CudaDevice.get();
        Driver drv = dev.driver;
        int rows = 300;
        Random rnd = new Random(5);
        // 264: whole 16-byte vectors, one batch per row; 2056: several batches per row, the last one part-full; 1030: the scalar path
        for (int cols : new int[]{264, 2056, 1030}) {
            for (DType t : new DType[]{DType.F32, DType.F16, DType.BF16}) {
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment wHost = a.allocate((long) rows * cols * t.bytes, 16);
                    for (long i = 0; i < (long) rows * cols; i++) t.write(wHost, i, (float) rnd.nextGaussian());
                    float[] xv = new float[cols];
                    for (int i = 0; i < cols; i++) xv[i] = (float) rnd.nextGaussian();
                    long w = drv.alloc(wHost.byteSize(), "test"), x = drv.alloc(4L * cols, "test");
                    long y1 = drv.alloc(4L * rows, "test"), y2 = drv.alloc(4L * rows, "test");
                    MemorySegment stream = drv.createStream();
                    try {
                        drv.copyHtoD(w, wHost, wHost.byteSize());
                        drv.copyHtoD(x, a.allocateFrom(JAVA_FLOAT, xv), 4L * cols);
                        model.kernels.launch("gemv_ref", (rows + 127) / 128, 1, 128, 0, stream,
                                new KernelArgs(a).ptr(w).i32(HostCast.code(t)).ptr(x).ptr(y2).i32(rows).i32(cols));
                        MemorySegment h1 = a.allocate(4L * rows), h2 = a.allocate(4L * rows);
                        drv.sync(stream);
                        drv.copyDtoH(h2, y2, 4L * rows);
                        String name = "gemv_" + switch (t) { case F32 -> "f32"; case F16 -> "f16"; case BF16 -> "bf16"; } + "_01";
                        for (int ks = 1; ks <= 8; ks *= 2) {
                            for (int blocks : new int[]{3, (rows + 8 / ks - 1) / (8 / ks)}) {
                                drv.zeroAsync(y1, 4L * rows, stream);
                                model.kernels.launch(name, blocks, 1, 256, GemvLaunch.shared(cols), stream,
                                        new KernelArgs(a).ptr(w).ptr(x).ptr(0).f32(0f).ptr(y1).i32(rows).i32(cols).i32(ks));
                                drv.sync(stream);
                                drv.copyDtoH(h1, y1, 4L * rows);
                                double err = Fixtures.maxAbsDiff(h1.toArray(JAVA_FLOAT), h2.toArray(JAVA_FLOAT));
                                assertTrue(err < 1e-3, t + " gemv (cols " + cols + ", ks " + ks + ", " + blocks + " blocks) vs plain kernel: " + err);
                            }
                        }
                    } finally {
                        drv.free(w);
                        drv.free(x);
                        drv.free(y1);
                        drv.free(y2);
                        drv.destroyStream(stream);
                    }
                }
            }
        }
    }

    /**
     * The LM head's argmax against the plain kernel's logits: a planted largest row, tied with a later one (the first
     * wins), over one wave and over 3 blocks striding over the rows, in every dtype.
     */
    @Test
    void lmHeadPicksTheFirstLargestLogit() {
        Driver drv = CudaDevice.get().driver;
        int rows = 300, cols = 264;
        Random rnd = new Random(8);
        for (DType t : new DType[]{DType.F32, DType.F16, DType.BF16}) {
            for (int planted : new int[]{0, 17, 299}) {
                try (Arena a = Arena.ofConfined()) {
                    float[] xv = new float[cols];
                    for (int i = 0; i < cols; i++) xv[i] = (float) rnd.nextGaussian();
                    MemorySegment wHost = a.allocate((long) rows * cols * t.bytes, 16);
                    for (int r = 0; r < rows; r++)
                        for (int i = 0; i < cols; i++) {
                            // the planted row and its later twin point along x: their logits are the largest, and equal
                            boolean top = r == planted || r == (planted + 150) % rows && planted != 299;
                            t.write(wHost, (long) r * cols + i, top ? xv[i] / 4 : (float) rnd.nextGaussian() * 0.1f);
                        }
                    long w = drv.alloc(wHost.byteSize(), "test"), x = drv.alloc(4L * cols, "test");
                    long y = drv.alloc(4L * rows, "test"), best = drv.alloc(8, "test");
                    MemorySegment stream = drv.createStream();
                    try {
                        drv.copyHtoD(w, wHost, wHost.byteSize());
                        drv.copyHtoD(x, a.allocateFrom(JAVA_FLOAT, xv), 4L * cols);
                        String name = "gemv_" + switch (t) { case F32 -> "f32"; case F16 -> "f16"; case BF16 -> "bf16"; } + "_best";
                        for (int blocks : new int[]{3, (rows + 7) / 8}) {
                            drv.zeroAsync(best, 8, stream);
                            model.kernels.launch(name, blocks, 1, 256, GemvLaunch.shared(cols), stream,
                                    new KernelArgs(a).ptr(w).ptr(x).ptr(0).f32(1e-6f).ptr(y).i32(rows).i32(cols).i32(1).ptr(best));
                            MemorySegment h = a.allocate(8);
                            drv.sync(stream);
                            drv.copyDtoH(h, best, 8);
                            long packed = h.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0);
                            assertEquals(planted, (int) ~packed, t + ", " + blocks + " blocks: greedy row");
                        }
                    } finally {
                        drv.free(w);
                        drv.free(x);
                        drv.free(y);
                        drv.free(best);
                        drv.destroyStream(stream);
                    }
                }
            }
        }
    }

    static ForwardResult prefillWith(CudaModel m, int[] ids, boolean chunked, ProbeSpec probes, Ablations ab, float[][] keysOut) {
        try (CudaSession s = m.newSession()) {
            s.useChunkedPrefill(chunked);
            s.setAblations(ab);
            ForwardResult r = s.prefill(ids, probes);
            keysOut[0] = s.saveState().keySlots()[m.config().numLayers() - 1];
            keysOut[1] = s.saveState().valueSlots()[m.config().numLayers() - 1];
            return r;
        }
    }

    /** The chunked prefill kernels against the token-by-token scans, over several chunks plus a partial one. */
    @Test
    void chunkedPrefillMatchesTokenByTokenScan() {
        var small = new org.gsaexplorer.model.config.GsaConfig(256, 2, 4, 2, 32, 1, 1, FeatureMap.T2R, 8, true, 4, false,
                1e-6, 512, "swish", true, 1000, null, 1, 2);
        try (CudaModel grouped = cuda.loadRandom(small, DType.F32, 11)) {
            int[] longIds = Fixtures.ids(fx.get("input_ids_long"), 1);
            int[] randomIds = new Random(4).ints(150, 0, 1000).toArray();
            List<Ablations> abs = List.of(Ablations.NONE, Ablations.NONE.withNoForget(true), Ablations.NONE.withConstantDecay(0.5f),
                    Ablations.NONE.withReadout(Readout.RELU).withSlotBudget(20));
            for (CudaModel m : new CudaModel[]{model, grouped})
                for (Ablations ab : abs) {
                    int[] ids = m == model ? longIds : randomIds;
                    ProbeSpec all = ProbeSpec.all(m.config().numLayers());
                    float[][] sa = new float[2][], sb = new float[2][];
                    ForwardResult a = prefillWith(m, ids, false, all, ab, sa), b = prefillWith(m, ids, true, all, ab, sb);
                    String what = m.config().numKvHeads() + " kv heads, " + ab.describe();
                    double err = Fixtures.maxAbsDiff(a.logits(), b.logits());
                    System.out.printf("chunked vs scan %-40s max |Δlogit| %.2e%n", what, err);
                    assertTrue(err < 1e-3 * Math.max(1, maxAbs(a.logits())), what + ": logits " + err);
                    for (int k = 0; k < 2; k++)
                        assertTrue(Fixtures.maxAbsDiff(sa[k], sb[k]) < 1e-4 * Math.max(1, maxAbs(sa[k])), what + ": final state " + k);
                    // as in everyAblationMatchesReference: ablations (no forgetting lets the state grow) get 1e-3
                    double tol = ab.equals(Ablations.NONE) ? 1e-4 : 1e-3;
                    for (int l : all.layers())
                        for (var e : Fixtures.PROBES.entrySet()) {
                            float[] pa = e.getValue().apply(a.probes().get(l)), pb = e.getValue().apply(b.probes().get(l));
                            double pe = Fixtures.maxAbsDiff(pa, pb);
                            assertTrue(pe < tol * Math.max(1, maxAbs(pa)), what + ": probe " + e.getKey() + " layer " + l + " max |Δ| = " + pe);
                        }
                }
        }
    }

    static ForwardResult stepWith(CudaModel m, int[] ids, boolean fused, ProbeSpec probes, Ablations ab) {
        try (CudaSession s = m.newSession()) {
            s.useFusedSlotStep(fused);
            s.setAblations(ab);
            return Fixtures.run(s, ids, false, probes);
        }
    }

    /**
     * The fused decode kernel (slot_o: slot memory in clusters, scores through distributed shared memory, and o_proj in
     * the same launch) against key_scan → value_scan → o_proj GEMV.
     */
    @Test
    void fusedSlotStepMatchesScans() {
        CudaDevice dev = CudaDevice.get();
        Assumptions.assumeTrue(dev.clusters, "slot_o needs thread-block clusters (sm_90+), this GPU is " + dev.arch);
        var grouped = new org.gsaexplorer.model.config.GsaConfig(256, 2, 4, 2, 32, 1, 1, FeatureMap.T2R, 8, true, 4, false,
                1e-6, 512, "swish", true, 1000, null, 1, 2);
        // the gsa-1.3b layer shape in bf16: slot_o runs 256 o_proj blocks beside its 32 slot blocks, as in the bench
        var wide = new org.gsaexplorer.model.config.GsaConfig(2048, 2, 4, 4, 64, 1, 1, FeatureMap.SWISH, 8, false, 4, false,
                1e-6, 5632, "swish", true, 1000, null, 1, 2);
        try (CudaModel g = cuda.loadRandom(grouped, DType.F32, 12); CudaModel big = cuda.loadRandom(wide, DType.BF16, 13)) {
            List<Ablations> small = List.of(Ablations.NONE, Ablations.NONE.withNoForget(true), Ablations.NONE.withReadout(Readout.RELU2),
                    Ablations.NONE.withReadout(Readout.SWISH).withSlotBudget(9).withResetAt(11));
            for (CudaModel m : new CudaModel[]{model, g, big})
                for (Ablations ab : m == model ? ablations() : small) {
                    int[] ids = m == model ? Fixtures.ids(fx.get("input_ids"), 1) : new Random(5).ints(40, 0, 1000).toArray();
                    ProbeSpec all = ProbeSpec.all(m.config().numLayers());
                    ForwardResult a = stepWith(m, ids, false, all, ab), b = stepWith(m, ids, true, all, ab);
                    String what = m.config().numKvHeads() + " kv heads, " + ab.describe();
                    double err = Fixtures.maxAbsDiff(a.logits(), b.logits());
                    assertTrue(err < 1e-4 * Math.max(1, maxAbs(a.logits())), what + ": logits " + err);
                    for (int l : all.layers())
                        for (var e : Fixtures.PROBES.entrySet()) {
                            float[] pa = e.getValue().apply(a.probes().get(l)), pb = e.getValue().apply(b.probes().get(l));
                            double pe = Fixtures.maxAbsDiff(pa, pb);
                            assertTrue(pe < 1e-4 * Math.max(1, maxAbs(pa)), what + ": probe " + e.getKey() + " layer " + l + " max |Δ| = " + pe);
                        }
                }
        }
    }

    @Test
    void injectedFaultsBecomeOneLineErrors() {
        CudaFaults.arm(CudaFaults.Fault.ALLOC);
        GsaException e = assertThrows(GsaException.class, () -> cuda.load(ckpt, null));
        assertTrue(e.getMessage().contains("CUDA_ERROR_OUT_OF_MEMORY") && !e.getMessage().contains("\n"), e.getMessage());
        CudaFaults.clear();

        CudaFaults.arm(CudaFaults.Fault.COMPILE);
        e = assertThrows(GsaException.class, () -> cuda.load(ckpt, null));
        assertTrue(e.getMessage().startsWith("NVRTC:"), e.getMessage());
        CudaFaults.clear();

        try (GsaSession s = model.newSession()) {
            CudaFaults.arm(CudaFaults.Fault.LAUNCH);
            e = assertThrows(GsaException.class, () -> s.prefill(new int[]{1, 2, 3}, ProbeSpec.NONE));
            assertTrue(e.getMessage().contains("CUDA_ERROR_LAUNCH_FAILED"), e.getMessage());
            CudaFaults.clear();
        }
        // and the backend still works afterwards
        ForwardResult r = run(model, Fixtures.ids(fx.get("input_ids"), 0), true, ProbeSpec.NONE, Ablations.NONE);
        assertFalse(Double.isNaN(r.logits()[0]));
    }

    @Test
    void randomModelRunsWithoutACheckpoint() {
        var small = new org.gsaexplorer.model.config.GsaConfig(256, 2, 4, 2, 32, 1, 1, FeatureMap.T2R, 8, true, 4, false,
                1e-6, 512, "swish", true, 1000, null, 1, 2);
        try (CudaModel m = cuda.loadRandom(small, DType.BF16, 9); GsaSession s = m.newSession()) {
            ForwardResult p = s.prefill(new int[]{1, 5, 9, 200}, ProbeSpec.of(1));
            ForwardResult st = s.step(7, ProbeSpec.of(0));
            for (float v : p.logits()) assertTrue(Float.isFinite(v));
            for (float v : st.logits()) assertTrue(Float.isFinite(v));
            assertEquals(5, s.position());
        }
    }
}
