package org.gsaexplorer.visualizer.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.backend.Backends;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.LayerProbe;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.report.Finding;
import org.gsaexplorer.model.report.Findings;
import org.gsaexplorer.model.report.Thresholds;
import org.gsaexplorer.model.report.SlotStatistics;
import org.gsaexplorer.model.weights.Checkpoint;
import org.gsaexplorer.visualizer.catalog.ModelCatalog;
import org.gsaexplorer.visualizer.recall.ViewTarget;
import org.gsaexplorer.visualizer.render.Digits;
import org.gsaexplorer.visualizer.render.Heatmap;
import org.gsaexplorer.visualizer.tasks.BackgroundTasks;
import org.gsaexplorer.visualizer.views.ViewKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Report tab's view model without JavaFX, on the Rust sample over the first 2,048 bytes of its held-out text in
 * windows of 512 (the trained model has a few unread slots there): the report, its heatmaps, jumping to a finding,
 * saving, cancelling and bad corpora.
 */
class ReportViewModelTest {
    static final Path RUST = ModelCatalog.findSamples(Path.of(""), null).resolve(ModelCatalog.RUST_SAMPLE);
    static Checkpoint checkpoint;
    static LoadedModel model;
    static final List<ViewTarget> visited = new ArrayList<>();
    static ReportViewModel vm;
    static String statusAfterRun;

    @TempDir
    static Path tmp;

    static ReportViewModel viewModel() {
        return new ReportViewModel(() -> model, m -> RUST.resolve("model"), visited::add, new BackgroundTasks(Runnable::run, Runnable::run));
    }

    @BeforeAll
    static void run() {
        checkpoint = Checkpoint.open(RUST.resolve("model"));
        model = Backends.create("nd4j").load(checkpoint);
        vm = viewModel();
        vm.run(RUST.resolve("heldout.txt"), 2048, 512).join();
        statusAfterRun = vm.state().status();
    }

    @AfterAll
    static void close() {
        model.close();
        checkpoint.close();
    }

    @Test
    void theReportCoversTheCorpusAndListsItsFindingsWorstFirst() {
        ReportState s = vm.state();
        assertFalse(s.running());
        assertNotNull(s.report(), s.status());
        SlotStatistics st = s.report().stats();
        assertEquals(2047, st.tokens());
        assertEquals(4, st.windows());
        assertTrue(statusAfterRun.startsWith("2,047 tokens in 4 windows"), statusAfterRun);
        assertTrue(statusAfterRun.endsWith(ReportText.summary(s.findings())), statusAfterRun);
        assertFalse(s.findings().isEmpty(), "the trained model has unread slots on this text");
        for (int i = 1; i < s.findings().size(); i++)
            assertTrue(s.findings().get(i - 1).kind().compareTo(s.findings().get(i).kind()) <= 0);
        Finding f = s.findings().getFirst();
        String line = ReportText.line(f);
        assertTrue(line.startsWith(f.kind().id + " · layer " + f.layer() + ", head " + f.head() + ", slot " + f.slot() + " · "), line);
        for (String evidence : f.evidence().keySet()) assertTrue(line.contains(evidence + " "), line);
        // every window a finding points to is kept, as the tokens the report ran
        for (Finding g : s.findings()) assertTrue(s.windows().containsKey(g.window()), g.toString());
    }

    @Test
    void heatmapsHoldEachSlotsFiguresPerLayer() {
        SlotStatistics st = vm.state().report().stats();
        for (int l = 0; l < st.layers(); l++) {
            List<Heatmap> maps = ReportHeatmaps.of(st, l, 1, 3);
            assertEquals(3, maps.size());
            for (Heatmap h : maps) {
                assertEquals(st.kvHeads(), h.rows());
                assertEquals(st.slots(), h.cols());
            }
            for (int h = 0; h < st.kvHeads(); h++)
                for (int m = 0; m < st.slots(); m += 7) {
                    var slot = st.slot(l, h, m);
                    assertEquals((float) slot.meanWrite(), maps.get(0).value(h, m));
                    assertEquals((float) slot.meanAlpha(), maps.get(1).value(h, m));
                    assertEquals((float) slot.meanReadout(), maps.get(2).value(h, m));
                }
            assertEquals(0, maps.get(1).min());
            assertEquals(1, maps.get(1).max());
            for (Heatmap h : maps) assertEquals(List.of(1, 3), List.of(h.markRow(), h.markCol()), "head 1 and slot 3 outlined");
        }
    }

    /** An unread slot's finding: its window as the prompt, the token where the slot is read most, the readout view. */
    @Test
    void clickingAFindingSendsTheViewsToItsSlotAndToken() {
        Finding f = vm.state().findings().stream().filter(x -> x.kind() == Finding.Kind.UNREAD_SLOT).findFirst().orElseThrow();
        visited.clear();
        vm.open(f).join();
        assertEquals(1, visited.size());
        ViewTarget t = visited.getFirst();
        int[] ids = vm.state().windows().get(f.window()).ids();
        assertArrayEquals(ids, t.prompt());
        assertEquals(vm.state().report().windowTexts().get(f.window()).text(), t.text());
        assertEquals(List.of(f.layer(), f.head(), f.slot()), List.of(t.layer(), t.head(), t.slot()));
        assertEquals(ViewKind.READOUT, t.view());
        LayerProbe p;
        try (GsaSession s = model.newSession()) {
            p = s.prefill(ids, ProbeSpec.of(f.layer())).probes().get(f.layer());
        }
        float best = -1;
        int at = -1;
        for (int i = 0; i < p.tokens(); i++) {
            float r = p.readout()[p.qIndex(i, f.head(), f.slot())];
            if (r > best) {
                best = r;
                at = i;
            }
        }
        assertEquals(at + 1, t.tokens());
    }

    /**
     * A heatmap cell sends the views to its slot in the corpus window where the slot shows most what the map draws:
     * the write map to the token where it is written most, the α map to where it keeps (mean α ≥ ½) or forgets most,
     * the readout map to the query head reading it most, at the token where that head reads it most.
     */
    @Test
    void clickingAHeatmapCellSendsTheViewsToItsSlotInTheWindowWhereItShowsMost() {
        SlotStatistics st = vm.state().report().stats();
        int layer = 2, head = 1, slot = 5, groups = st.queryHeads() / st.kvHeads();
        var s = st.slot(layer, head, slot);
        int reader = s.readers()[s.bestReader()];
        boolean keeps = s.meanAlpha() >= 0.5;
        int[] windows = {st.windowWrittenMost(layer, head, slot),
                keeps ? st.windowKeepingMost(layer, head, slot) : st.windowForgettingMost(layer, head, slot),
                st.windowReadMost(layer, reader, slot)};
        for (ReportHeatmaps.Quantity q : ReportHeatmaps.Quantity.values()) {
            visited.clear();
            vm.open(q, layer, head, slot).join();
            assertEquals(1, visited.size(), q.toString());
            ViewTarget t = visited.getFirst();
            ReportState.KeptWindow w = vm.state().windows().get(windows[q.ordinal()]);
            assertArrayEquals(w.ids(), t.prompt(), q.toString());
            assertEquals(w.text().text(), t.text());
            int queryHead = q == ReportHeatmaps.Quantity.READOUT ? reader : head * groups;
            assertEquals(List.of(layer, queryHead, slot), List.of(t.layer(), t.head(), t.slot()), q.toString());
            assertEquals(List.of(ViewKind.OCCUPANCY, ViewKind.GATES, ViewKind.READOUT).get(q.ordinal()), t.view());
            LayerProbe p;
            try (GsaSession session = model.newSession()) {
                p = session.prefill(w.ids(), ProbeSpec.of(layer)).probes().get(layer);
            }
            double best = Double.NEGATIVE_INFINITY;
            int at = -1;
            for (int i = 0; i < p.tokens(); i++) {
                double v = switch (q) {
                    case WRITE -> p.write()[p.kvIndex(i, head, slot)];
                    case ALPHA -> (keeps ? 1 : -1) * p.alpha()[p.kvIndex(i, head, slot)];
                    case READOUT -> p.readout()[p.qIndex(i, reader, slot)];
                };
                if (v > best) {
                    best = v;
                    at = i;
                }
            }
            assertEquals(at + 1, t.tokens(), q.toString());
        }
        assertEquals(FindingFocus.Peak.KEEPS, FindingFocus.spot(st, ReportHeatmaps.Quantity.ALPHA, layer, head, slot).peak());
        // the α map's other side (every slot of the trained model keeps, mean α ≥ ½): statistics of two hand-made
        // windows where every slot forgets, more in window 3 than in window 5
        SlotStatistics forgetting = new SlotStatistics(model.config());
        for (int[] window : new int[][]{{3, 20}, {5, 30}}) {
            Map<Integer, LayerProbe> probes = new TreeMap<>();
            for (int l = 0; l < st.layers(); l++) {
                LayerProbe p = LayerProbe.allocate(l, 1, st.kvHeads(), st.queryHeads(), st.slots());
                Arrays.fill(p.alpha(), window[1] / 100f);
                probes.put(l, p);
            }
            forgetting.beginWindow(window[0]);
            forgetting.add(new ForwardResult(new int[1], 0, model.config().vocabSize(), new float[model.config().vocabSize()], probes), new int[1]);
            forgetting.endWindow();
        }
        FindingFocus.Spot spot = FindingFocus.spot(forgetting, ReportHeatmaps.Quantity.ALPHA, layer, head, slot);
        assertEquals(List.of(FindingFocus.Peak.FORGETS, 3, ViewKind.GATES), List.of(spot.peak(), spot.window(), spot.view()));

        String tip = ReportText.cell(s);
        assertTrue(tip.startsWith("write s: mean " + Digits.four(s.meanWrite()) + ", max " + Digits.four(s.maxWrite())
                + "\nα: mean " + Digits.four(s.meanAlpha())), tip);
        assertTrue(tip.contains("query head " + reader + ": mean readout " + Digits.four(s.meanReadoutByHead()[s.bestReader()])), tip);
    }

    /**
     * Changing a threshold judges the same statistics anew (no corpus run): the findings are the model's under the new
     * thresholds, each pointing at a window kept, and Save writes them; bad values are one line and change nothing.
     */
    @Test
    void thresholdsJudgeTheGatheredStatisticsAnewAndBadValuesChangeNothing(@TempDir Path dir) throws Exception {
        ReportViewModel own = viewModel();
        own.setThreshold(ThresholdField.UNREAD_FACTOR, "40");
        assertEquals("thresholds set for the next run", own.state().status());
        own.run(RUST.resolve("heldout.txt"), 600, 256).join();
        ReportState before = own.state();
        assertNotNull(before.report(), before.status());
        assertEquals(40, before.report().thresholds().unreadFactor());
        SlotStatistics st = before.report().stats();
        assertEquals(Findings.detect(st, before.thresholds()).toString(), before.findings().toString());

        own.setThreshold(ThresholdField.FROZEN_ALPHA, " 0.5 ");
        ReportState after = own.state();
        Thresholds th = new Thresholds(1e-3, 0.05, 0.5, 40, 0.1, 0.9);
        assertEquals(th, after.thresholds());
        assertSame(st, after.report().stats(), "the statistics gathered, not a new run");
        assertEquals(Findings.detect(st, th).toString(), after.findings().toString());
        assertTrue(after.findings().size() > before.findings().size(), "slots whose mean α is over ½ are frozen now");
        for (Finding f : after.findings()) {
            assertTrue(after.windows().containsKey(f.window()), f.toString());
            assertSame(after.windows().get(f.window()).text(), after.report().windowTexts().get(f.window()));
        }
        assertEquals("findings under the new thresholds: " + ReportText.summary(after.findings()), after.status());
        assertEquals("0.5", ThresholdField.FROZEN_ALPHA.text(after.thresholds()));

        for (String[] bad : new String[][]{{"abc", "frozen α threshold 'abc' is not a number"},
                {"1.5", "frozen alpha threshold 1.5: must be in (0.0, 1.0]"}, {"-0.2", "frozen alpha threshold -0.2: must be in (0.0, 1.0]"},
                {"NaN", "frozen alpha threshold NaN: must be in (0.0, 1.0]"}, {"", "frozen α threshold '' is not a number"}}) {
            own.setThreshold(ThresholdField.FROZEN_ALPHA, bad[0]);
            assertEquals(bad[1], own.state().status());
            assertSame(after.report(), own.state().report());
            assertSame(after.thresholds(), own.state().thresholds());
        }
        own.setThreshold(ThresholdField.UNREAD_FACTOR, "1e999");
        assertEquals("unread factor threshold Infinity: must be in (0.0, ∞]", own.state().status());

        Path html = dir.resolve("r.html");
        own.save(html);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("r.json").toFile());
        assertEquals(0.5, json.get("thresholds").get("frozen_mean_alpha").asDouble());
        assertEquals(40, json.get("thresholds").get("unread_factor").asDouble());
        assertEquals(after.findings().size(), json.get("findings").size());
        assertTrue(Files.readString(html).contains("frozen when mean α &gt; 0.5 and written"), "the page says the thresholds used");

        own.setThresholds(Thresholds.DEFAULTS);
        assertEquals(Findings.detect(st, Thresholds.DEFAULTS).toString(), own.state().findings().toString());
    }

    /** After the explorer opens another model, a finding of the old report says so and sends the views nowhere. */
    @Test
    void aFindingOfAnotherModelsReportSendsTheViewsNowhere() {
        try (LoadedModel other = Backends.create("nd4j").load(checkpoint)) {
            AtomicReference<LoadedModel> loaded = new AtomicReference<>(model);
            ReportViewModel own = new ReportViewModel(loaded::get, m -> RUST.resolve("model"), visited::add, new BackgroundTasks(Runnable::run, Runnable::run));
            own.run(RUST.resolve("heldout.txt"), 300, 256).join();
            assertNotNull(own.state().report(), own.state().status());
            Finding any = vm.state().findings().getFirst();
            loaded.set(other);
            visited.clear();
            own.open(any).join();
            assertTrue(visited.isEmpty());
            assertEquals("this report was made on another model: run it again on this one", own.state().status());
        }
    }

    @Test
    void savingWritesTheModelsHtmlAndJsonBesideIt() throws Exception {
        Path html = tmp.resolve("health.html");
        vm.save(html);
        assertTrue(vm.state().status().startsWith("saved "), vm.state().status());
        JsonNode json = new ObjectMapper().readTree(tmp.resolve("health.json").toFile());
        assertEquals(2047, json.get("tokens").asLong());
        assertEquals(vm.state().findings().size(), json.get("findings").size());
        assertEquals(vm.state().findings().getFirst().kind().id, json.get("findings").get(0).get("kind").asText());
        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>") && page.contains("<svg"), page.substring(0, 100));

        var before = vm.state().report();
        vm.save(tmp.resolve("health.txt"));
        assertTrue(vm.state().status().endsWith("the file name must end in .html (the JSON goes beside it)"), vm.state().status());
        vm.save(tmp.resolve("missing-folder/r.html"));
        assertTrue(vm.state().status().contains("does not exist"), vm.state().status());
        assertSame(before, vm.state().report());
        try (var files = Files.list(tmp)) {
            assertEquals(List.of("health.html", "health.json"), files.map(x -> x.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void badCorporaAreOneLineAndCancellingKeepsTheLastReport() throws Exception {
        ReportViewModel other = viewModel();
        Path junk = tmp.resolve("junk.bin");
        Files.write(junk, new byte[]{(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0xc3});
        other.run(junk, 0, 512).join();
        assertFalse(other.state().running());
        assertEquals(1, other.state().status().lines().count());
        assertTrue(other.state().status().startsWith(junk.toString()), other.state().status());
        Path empty = tmp.resolve("empty.txt");
        Files.writeString(empty, "");
        other.run(empty, 0, 512).join();
        assertTrue(other.state().status().startsWith(empty.toString()), other.state().status());
        Path jsonl = tmp.resolve("bad.jsonl");
        Files.writeString(jsonl, "{\"text\": \"fn main() {}\"}\nnot json\n", StandardCharsets.UTF_8);
        other.run(jsonl, 0, 512).join();
        assertTrue(other.state().status().contains("line 2"), other.state().status());
        other.run(RUST.resolve("heldout.txt"), 2048, 0).join();
        assertEquals("window 0: must be at least 1 token", other.state().status());

        // cancelled at the first window's progress: the report before stays
        other.run(RUST.resolve("heldout.txt"), 600, 256).join();
        var kept = other.state().report();
        assertNotNull(kept, other.state().status());
        other.addListener(s -> {
            if (s.running() && s.status().startsWith("window ")) other.cancel();
        });
        other.run(RUST.resolve("heldout.txt"), 2048, 256).join();
        assertEquals("report cancelled", other.state().status());
        assertSame(kept, other.state().report());
        assertFalse(other.state().running());
    }
}
