package org.gsaexplorer.model.report;

import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.backend.reference.ReferenceBackend;
import org.gsaexplorer.model.eval.Parallelism;
import org.gsaexplorer.model.eval.TextCorpus.Document;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.LayerProbe;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.report.Finding.Kind;
import org.gsaexplorer.model.testing.SyntheticCheckpoint;
import org.gsaexplorer.model.weights.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The statistics on hand-made probes with known answers, and shards merging into what one pass gives. */
class ReportStatisticsTest {
    @TempDir
    Path tmp;

    /** One token's probes of a 1-layer model with 1 kv head read by 2 query heads, 4 slots, a vocabulary of 2. */
    private static ForwardResult probe(int tokens, float[] alphas, float[][] readouts) {
        LayerProbe p = LayerProbe.allocate(0, tokens, 1, 2, 4);
        for (int t = 0; t < tokens; t++)
            for (int m = 0; m < 4; m++) {
                p.alpha()[p.kvIndex(t, 0, m)] = alphas[m];
                p.write()[p.kvIndex(t, 0, m)] = 1 - alphas[m];
                p.keyNorm()[p.kvIndex(t, 0, m)] = m;
                p.valueNorm()[p.kvIndex(t, 0, m)] = 2 * m;
                for (int h = 0; h < 2; h++) p.readout()[p.qIndex(t, h, m)] = readouts[h][m];
            }
        return new ForwardResult(new int[tokens], 0, 2, new float[tokens * 2], Map.of(0, p));
    }

    @Test
    void handMadeProbesGiveKnownFiguresAndFindings() {
        SlotStatistics st = new SlotStatistics(1, 1, 2, 4, 2);
        float[] alphas = {0.5f, 0f, 1f, 0.9f};
        float[][] readouts = {{0.5f, 0.5f, 0, 0}, {0, 0, 0, 1}}; // slot 2: read by neither head
        st.beginWindow(0);
        st.add(probe(4, alphas, readouts), new int[4]);
        st.endWindow();
        ForwardResult broken = probe(2, alphas, readouts);
        broken.probes().get(0).readout()[broken.probes().get(0).qIndex(1, 1, 2)] = Float.NaN;
        st.beginWindow(1);
        st.add(broken, new int[2]);
        st.endWindow();

        assertEquals(6, st.tokens());
        assertEquals(1.0, st.bitsPerToken(), 1e-12); // logits 0, 0: one bit per token
        SlotSummary half = st.slot(0, 0, 0), gone = st.slot(0, 0, 1), kept = st.slot(0, 0, 2);
        assertEquals(0.5, half.meanAlpha(), 1e-12);
        assertTrue(half.medianHalfLife() >= 1 && half.medianHalfLife() < Math.pow(10, 1.0 / 6), "half-life 1 within its bin: " + half.medianHalfLife());
        assertEquals(0, gone.medianHalfLife());
        assertEquals(Double.POSITIVE_INFINITY, kept.medianHalfLife());
        assertEquals(0, kept.maxWrite());
        assertEquals(3, st.slot(0, 0, 3).meanKeyNorm(), 1e-12);
        assertEquals(6, st.slot(0, 0, 3).maxValueNorm(), 1e-12);
        assertArrayEquals(new int[]{0, 1}, half.readers());
        assertEquals(0.5, half.meanReadoutByHead()[0], 1e-12);
        assertEquals(6, Arrays.stream(half.alphaHist()).sum());
        assertEquals(6, half.alphaHist()[Bins.unit(0.5f)]);
        HeadSummary even = st.head(0, 0), peaked = st.head(0, 1);
        assertEquals(Math.log(2), even.meanEntropy(), 1e-6);
        assertEquals(0, peaked.meanEntropy(), 1e-12);
        assertEquals(3, peaked.topSlot());
        assertEquals(1, peaked.topShare(), 1e-12);
        assertEquals(1, st.nonFinite());

        List<Finding> f = Findings.detect(st, Thresholds.DEFAULTS);
        assertEquals(List.of(Kind.NON_FINITE, Kind.DEAD_SLOT, Kind.READOUT_COLLAPSE, Kind.AMNESIC_SLOT, Kind.UNREAD_SLOT), f.stream().map(Finding::kind).toList(), f.toString());
        Finding nan = f.getFirst();
        assertEquals(List.of(0, 1, 2, 1), List.of(nan.layer(), nan.head(), nan.slot(), nan.window()), nan.toString());
        assertTrue(nan.detail().startsWith("NaN in layer 0 readout at token 1, head 1, slot 2 of window 1"), nan.detail());
        assertEquals(List.of(0, 0, 2), List.of(f.get(1).layer(), f.get(1).head(), f.get(1).slot()));
        assertEquals(List.of(0, 1, 3), List.of(f.get(2).layer(), f.get(2).head(), f.get(2).slot()));
        assertEquals(List.of(0, 0, 1), List.of(f.get(3).layer(), f.get(3).head(), f.get(3).slot()));
        assertEquals(List.of(0, 0, 2), List.of(f.get(4).layer(), f.get(4).head(), f.get(4).slot()));
    }

    /**
     * Two windows of hand-made probes that differ: each slot's most extreme window, and the same statistics judged by
     * another frozen threshold, which finds one more slot and points it at its window, from the texts kept.
     */
    @Test
    void extremeWindowsAndFindingsJudgedByOtherThresholds() {
        SlotStatistics st = new SlotStatistics(1, 1, 2, 4, 2);
        st.beginWindow(0);
        st.add(probe(4, new float[]{0.5f, 0f, 1f, 0.9f}, new float[][]{{0.5f, 0.5f, 0, 0}, {0, 0, 0, 1}}), new int[4]);
        st.endWindow();
        st.beginWindow(1);
        st.add(probe(2, new float[]{0.7f, 0.02f, 1f, 0.95f}, new float[][]{{0.2f, 0.8f, 0, 0}, {0, 0, 0, 1}}), new int[2]);
        st.endWindow();
        assertEquals(List.of(0, 1, 0, 1), List.of(st.windowWrittenMost(0, 0, 0), st.windowKeepingMost(0, 0, 0),
                st.windowForgettingMost(0, 0, 1), st.windowReadMost(0, 0, 1)));
        assertEquals(0, st.windowReadMost(0, 0, 0));
        assertEquals(java.util.Set.of(0, 1), st.extremeWindows());

        Map<Integer, Report.WindowText> texts = Map.of(0, new Report.WindowText(0, "a", 0, 4, "zero", "cmd 0"),
                1, new Report.WindowText(1, "a", 4, 2, "one", "cmd 1"));
        List<Finding> defaults = Findings.detect(st, Thresholds.DEFAULTS);
        Report r = new Report("m", "reference", "a", 4, 1, Thresholds.DEFAULTS, st, defaults, Map.of());
        assertEquals(defaults.toString(), r.judgedBy(Thresholds.DEFAULTS, texts).findings().toString());
        // slot 3's mean α is (4 · 0.9 + 2 · 0.95) / 6 ≈ 0.917: frozen under 0.9, and it kept most in window 1
        Thresholds th = new Thresholds(1e-3, 0.05, 0.9, 20, 0.1, 0.9);
        Report judged = r.judgedBy(th, texts);
        assertEquals(th, judged.thresholds());
        assertEquals(defaults.size() + 1, judged.findings().size());
        Finding frozen = judged.findings().stream().filter(f -> f.kind() == Kind.FROZEN_SLOT).findFirst().orElseThrow();
        assertEquals(List.of(3, 1), List.of(frozen.slot(), frozen.window()));
        assertEquals("one", judged.windowTexts().get(1).text());
        assertTrue(r.judgedBy(Thresholds.DEFAULTS, Map.of(0, texts.get(0), 1, texts.get(1))).windowTexts().keySet().stream()
                .allMatch(w -> defaults.stream().anyMatch(f -> f.window() == w)), "only the windows findings point to");
        assertThrows(IllegalArgumentException.class, () -> r.judgedBy(th, Map.of(0, texts.get(0))));
    }

    @Test
    void halfLifeBinsAgreeWithTheFormula() {
        for (double hl : new double[]{0.01, 0.5, 1.3, 7, 100, 2500, 3e5, 9e6}) {
            float alpha = (float) Math.pow(0.5, 1 / hl);
            double actual = Math.log(0.5) / Math.log(alpha); // float rounding moves α a little
            int b = Bins.halfLife(alpha);
            assertTrue(actual >= Bins.halfLifeEdge(b - 1) && actual < Bins.halfLifeEdge(b), hl + " in bin " + b);
            assertEquals(b, Bins.halfLifeBin(actual));
        }
        assertEquals(0, Bins.halfLife(0f));
        assertEquals(Bins.HALF_LIFE - 1, Bins.halfLife(1f));
        assertEquals(Bins.HALF_LIFE - 1, Bins.halfLife(Math.nextDown(1f)));
    }

    /** A random GQA checkpoint (4 query heads on 2 kv heads), its windows run once and fed to several statistics. */
    @Test
    void shardsMergeIntoOnePassAndWorkersDoNotMatter() {
        Path dir = new SyntheticCheckpoint().kvHeads(2).write(tmp.resolve("gqa"));
        Random rnd = new Random(3);
        int[] a = rnd.ints(700, 0, 97).toArray(), b = rnd.ints(90, 0, 97).toArray();
        List<Document> docs = List.of(new Document("a", a), new Document("b", b));
        List<CorpusWindow> windows = CorpusWindow.cut(docs, 64);
        assertEquals(11 + 2, windows.size()); // 699 run tokens in 11 windows, the last short; 89 in 2
        try (Checkpoint ck = Checkpoint.open(dir); LoadedModel model = new ReferenceBackend().load(ck)) {
            List<ForwardResult> runs = new ArrayList<>();
            try (GsaSession s = model.newSession()) {
                for (CorpusWindow w : windows) {
                    s.reset();
                    runs.add(s.prefill(w.ids(docs), ProbeSpec.all(2)));
                }
            }
            SlotStatistics whole = feed(ck, docs, windows, runs, 0, windows.size());
            SlotStatistics merged = new SlotStatistics(ck.config());
            merged.merge(feed(ck, docs, windows, runs, 5, windows.size())); // the later half first: order must not matter
            merged.merge(feed(ck, docs, windows, runs, 0, 5));
            assertSame(whole, merged);
            assertSame(whole, ReportRun.run(model, docs, windows, 1, (w, t) -> { }));
            assertSame(whole, ReportRun.run(model, docs, windows, 3, (w, t) -> { }));
            // as batches (here through SequentialBatch; the GPU runs them as one): every window's own statistics
            assertSame(whole, ReportRun.run(model, docs, windows, Parallelism.BATCH, 1, (w, t) -> { }));
            List<String> progress = new ArrayList<>();
            // the two short windows alone, then batches of 4, 4 and 3 windows of 64 tokens
            assertSame(whole, ReportRun.inBatches(model, docs, windows, 4, 4 * 64, (w, t) -> progress.add(w + "/" + t)));
            assertEquals(List.of("1/25", "2/84", "6/340", "10/596", "13/788"), progress);
        }
    }

    /**
     * Windows fed in parts (20 tokens per prefill) through batches of 4 (80 rows per prefill) give the statistics of
     * sessions fed the same parts: 8 windows of 64 tokens and one of 10.
     */
    @Test
    void batchedWindowsFedInPartsEqualSessionsFedTheSameParts() {
        Path dir = new SyntheticCheckpoint().kvHeads(2).write(tmp.resolve("parts"));
        Random rnd = new Random(4);
        List<Document> docs = List.of(new Document("a", rnd.ints(4 * 64 + 11, 0, 97).toArray()), new Document("b", rnd.ints(4 * 64 + 1, 0, 97).toArray()));
        List<CorpusWindow> windows = CorpusWindow.cut(docs, 64);
        assertEquals(9, windows.size());
        try (Checkpoint ck = Checkpoint.open(dir); LoadedModel model = new ReferenceBackend().load(ck)) {
            assertSame(ReportRun.onSessions(model, docs, windows, 2, 20, (w, t) -> { }), ReportRun.inBatches(model, docs, windows, 4, 80, (w, t) -> { }));
        }
    }

    private static SlotStatistics feed(Checkpoint ck, List<Document> docs, List<CorpusWindow> windows, List<ForwardResult> runs, int from, int to) {
        SlotStatistics st = new SlotStatistics(ck.config());
        for (int i = from; i < to; i++) {
            CorpusWindow w = windows.get(i);
            st.beginWindow(i);
            st.add(runs.get(i), Arrays.copyOfRange(docs.get(w.doc()).tokens(), w.start() + 1, w.start() + w.length() + 1));
            st.endWindow();
        }
        return st;
    }

    /** Every figure within 1e-12 (relative to its size), counts and windows exactly. */
    private static void assertSame(SlotStatistics x, SlotStatistics y) {
        assertEquals(x.tokens(), y.tokens());
        assertEquals(x.windows(), y.windows());
        close(x.bitsPerToken(), y.bitsPerToken(), "bits per token");
        for (int l = 0; l < x.layers(); l++) {
            for (int h = 0; h < x.kvHeads(); h++)
                for (int m = 0; m < x.slots(); m++) {
                    SlotSummary a = x.slot(l, h, m), b = y.slot(l, h, m);
                    String at = l + "/" + h + "/" + m;
                    double[] fa = {a.meanWrite(), a.maxWrite(), a.meanAlpha(), a.medianHalfLife(), a.meanKeyNorm(), a.maxKeyNorm(), a.meanValueNorm(), a.maxValueNorm()};
                    double[] fb = {b.meanWrite(), b.maxWrite(), b.meanAlpha(), b.medianHalfLife(), b.meanKeyNorm(), b.maxKeyNorm(), b.meanValueNorm(), b.maxValueNorm()};
                    for (int i = 0; i < fa.length; i++) close(fa[i], fb[i], at + " figure " + i);
                    for (int i = 0; i < a.readers().length; i++) {
                        close(a.meanReadoutByHead()[i], b.meanReadoutByHead()[i], at + " readout");
                        close(a.argmaxRateByHead()[i], b.argmaxRateByHead()[i], at + " argmax");
                    }
                    assertArrayEquals(a.writeHist(), b.writeHist(), at);
                    assertArrayEquals(a.alphaHist(), b.alphaHist(), at);
                    assertArrayEquals(a.halfLifeHist(), b.halfLifeHist(), at);
                    int k = x.kvIndex(l, h, m);
                    for (var e : List.of(new WindowExtremes[]{x.lowWrite, y.lowWrite}, new WindowExtremes[]{x.highWrite, y.highWrite},
                            new WindowExtremes[]{x.lowAlpha, y.lowAlpha}, new WindowExtremes[]{x.highAlpha, y.highAlpha}))
                        assertEquals(e[0].window(k), e[1].window(k), at);
                }
            for (int q = 0; q < x.queryHeads(); q++) {
                HeadSummary a = x.head(l, q), b = y.head(l, q);
                close(a.meanEntropy(), b.meanEntropy(), "head " + q + " entropy");
                close(a.topShare(), b.topShare(), "head " + q + " share");
                assertEquals(a.topSlot(), b.topSlot());
                assertEquals(x.lowEntropy.window(l * x.queryHeads() + q), y.lowEntropy.window(l * x.queryHeads() + q));
                for (int m = 0; m < x.slots(); m++) {
                    int i = x.qIndex(l, q, m);
                    assertEquals(x.lowReadout.window(i), y.lowReadout.window(i));
                    assertEquals(x.highReadout.window(i), y.highReadout.window(i));
                }
            }
        }
        assertEquals(Findings.detect(x, Thresholds.DEFAULTS).toString(), Findings.detect(y, Thresholds.DEFAULTS).toString());
    }

    private static void close(double a, double b, String what) {
        if (a == b) return; // also ∞ == ∞
        assertTrue(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a)), what + ": " + a + " vs " + b);
    }
}
