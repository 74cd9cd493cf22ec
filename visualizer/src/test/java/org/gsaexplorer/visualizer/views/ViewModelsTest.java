package org.gsaexplorer.visualizer.views;

import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.ablation.Readout;
import org.gsaexplorer.visualizer.catalog.ModelCatalog;
import org.gsaexplorer.visualizer.render.ColorMap;
import org.gsaexplorer.visualizer.render.Heatmap;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.session.ExplorerViewModel;
import org.gsaexplorer.visualizer.session.ProbeField;
import org.gsaexplorer.visualizer.session.Scoring;
import org.gsaexplorer.visualizer.session.ScoringRule;
import org.gsaexplorer.visualizer.session.Selection;
import org.gsaexplorer.visualizer.session.TaskFormat;
import org.gsaexplorer.visualizer.session.Tokens;
import org.gsaexplorer.visualizer.derive.SlotMath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The views' numbers and words on the bundled recall sample, without FX: titles that follow ablations, the
 * provenance of every slot, scored positions from task.json, the head the explorer opens on, and captions.
 */
class ViewModelsTest {
    static final Path SAMPLE = ModelCatalog.findSamples(Path.of(""), null).resolve("mqar-gsa-tiny/model");
    static ExplorerViewModel vm;

    @BeforeAll
    static void open() {
        vm = new ExplorerViewModel();
        // the starter prompt: 8 pairs, then 8 queries; the cursor on the 5th query key
        vm.open(SAMPLE, "reference", null, -1).join();
        vm.idle().join();
    }

    @AfterAll
    static void close() {
        vm.close();
    }

    @Test
    void titlesSayWhatTheAblatedRunDrawsAndABadgeSaysItIsAblated() {
        Ablations none = Ablations.NONE;
        assertEquals("Softmax readout p", Titles.readout(none));
        assertEquals("ReLU readout p", Titles.readout(none.withReadout(Readout.RELU)));
        assertEquals("Slot writes 1−α", Titles.writes(none));
        assertFalse(Titles.writes(none.withNoForget(true)).startsWith("Slot writes 1−α"), "no-forget writes are not 1 − α");
        assertEquals("Forget gate α := 1 (no-forget)", Titles.gates(none.withNoForget(true)));
        assertEquals("Slot writes 1−0.9 (constant decay)", Titles.writes(none.withConstantDecay(0.9f)));
        assertTrue(Titles.readout(none.withSlotBudget(16)).endsWith("slots ≥ 16 off"));
        assertEquals("Implicit attention A[t,s] via ReLU² readout", Titles.attention(none.withReadout(Readout.RELU2)));
        assertNull(Titles.badge(none));
        assertEquals("ablated: no-forget, readout=relu", Titles.badge(none.withNoForget(true).withReadout(Readout.RELU)));

        vm.setAblations(none.withReadout(Readout.RELU)).join();
        vm.idle().join();
        try {
            ExplorerSnapshot s = vm.snapshot();
            Heatmap r = ViewData.readout(s, s.main());
            assertTrue(r.title().startsWith("ReLU readout p"), r.title());
            assertEquals("ablated: readout=relu", r.badge());
            for (Heatmap h : new Heatmap[]{ViewData.occupancy(s, s.main()), ViewData.gates(s, s.main()), ViewData.provenance(s, s.main()),
                    ViewData.attention(s, s.main()), ViewData.stateMatrix(s, true), ViewData.memoryNorms(s, s.main())})
                assertEquals("ablated: readout=relu", h.badge(), h.title());
            assertEquals(ColorMap.DIVERGING, ViewData.stateMatrix(s, true).colors(), "signed slots on a map centred on 0");
            assertEquals(-ViewData.stateMatrix(s, false).max(), ViewData.stateMatrix(s, false).min());
            assertTrue(Caption.of(s).endsWith("ablated: readout=relu"), Caption.of(s));
        } finally {
            vm.setAblations(Ablations.NONE).join();
            vm.idle().join();
        }
        ExplorerSnapshot s = vm.snapshot();
        assertNull(ViewData.occupancy(s, s.main()).badge());
        assertTrue(Caption.of(s).startsWith(s.model().name() + " · token " + s.current() + " '"), Caption.of(s));
        assertTrue(Caption.of(s).contains("layer 0, head 0 (kv head 0), slot 0 · no ablation"), Caption.of(s));
    }

    @Test
    void provenanceShowsEverySlotByItsSourceTokensWithTheChosenSlotOutlined() {
        vm.select(new Selection(1, 1, 5, 96)).join();
        vm.idle().join();
        try {
            ExplorerSnapshot s = vm.snapshot();
            Heatmap h = ViewData.provenance(s, s.main());
            int m = s.model().config().numSlots();
            assertEquals(m, h.rows(), "all slots");
            assertEquals(s.cursor() - s.windowStart(), h.cols());
            assertEquals(5, h.markRow());
            float[][] a = s.main().probes().matrix(ProbeField.ALPHA, 1, 1, 0, s.cursor());
            float[][] w = s.main().probes().matrix(ProbeField.WRITE, 1, 1, 0, s.cursor());
            for (int slot : new int[]{0, 5, m - 1}) {
                double[] expect = SlotMath.provenance(a, w, slot, s.cursor() - 1);
                for (int c = 0; c < h.cols(); c++) assertEquals(expect[c], h.value(slot, c), 1e-6, "slot " + slot + " token " + c);
            }
        } finally {
            vm.select(Selection.DEFAULT).join();
            vm.idle().join();
        }
    }

    @Test
    void taskJsonScoresTheAnswersAndMarksWhereTheQueriesStart() {
        ExplorerSnapshot s = vm.snapshot();
        TaskFormat task = TaskFormat.find(SAMPLE).orElseThrow();
        assertEquals(new TaskFormat(0, 128, 128, 256), task);
        assertEquals(task, s.scoring().task());
        assertEquals(ScoringRule.TASK, s.scoring().rule(), "a model with a task scores its answers by default");
        Tokens k = s.main().tokens();
        ScoredPositions sp = ScoredPositions.of(s.scoring(), k);
        assertEquals(16, sp.promptEnd(), "8 key-value pairs, then the queries");
        assertEquals(8, sp.count(), "one answer per query");
        for (int q = 0; q < 8; q++) {
            int t = 16 + 2 * q + 1;
            assertTrue(sp.scored(t), "the value after query " + q);
            assertFalse(sp.scored(t - 1), "the query key itself");
            assertEquals(k.text(t - 1), "k" + k.id(t - 1));
        }
        double mean = 0;
        for (int q = 0; q < 8; q++) mean += k.loss(16 + 2 * q + 1) / 8;
        assertEquals(mean, sp.mean(k::loss), 1e-9);
        // the keys' losses are large (a random key cannot be predicted) and the answers' small: that is why the mask exists
        assertTrue(ScoredPositions.of(new Scoring(ScoringRule.EVERY, task, s.scoring().promptTokens()), k).mean(k::loss) > 3 * sp.mean(k::loss));
        ScoredPositions after = ScoredPositions.of(new Scoring(ScoringRule.AFTER_PROMPT, task, 32), k);
        assertEquals(k.count() - 16, after.count());
        // without a task the prompt is the prompt text's tokens; generated ones follow
        ScoredPositions plain = ScoredPositions.of(new Scoring(ScoringRule.TASK, null, 20), k);
        assertEquals(ScoringRule.EVERY, plain.rule(), "no task: every position");
        assertEquals(20, plain.promptEnd());
        // a mean Δloss over the scored positions; the same run against itself differs by nothing
        assertEquals(0, sp.meanDelta(k, k), 0);
    }

    @Test
    void theDefaultHeadIsTheOneThatWritesMost() {
        ExplorerSnapshot s = vm.snapshot();
        ActiveHead a = ActiveHead.of(s);
        assertEquals(1, a.layer());
        assertEquals(1, a.head());
        var c = s.model().config();
        float[] row = new float[c.numSlots()];
        for (int l = 0; l < c.numLayers(); l++)
            for (int h = 0; h < c.numHeads(); h++) {
                double mass = 0;
                for (int t = 0; t < s.computed(); t++) {
                    assertTrue(s.main().probes().row(ProbeField.WRITE, l, t, h, row));
                    for (float x : row) mass += x;
                }
                assertTrue(a.writeMass() >= mass / s.computed() - 1e-9, "L" + l + " head " + h + " writes " + mass / s.computed());
            }
        assertTrue(a.entropy() < Math.log(c.numSlots()) - 1, "it reads selectively: " + a.entropy());
        Selection sel = a.selection(new Selection(0, 0, 0, 40));
        assertEquals(new Selection(1, 1, a.slot(), 40), sel);
        ActiveHead.focus(vm).join();
        try {
            assertEquals(a.selection(Selection.DEFAULT), vm.snapshot().selection(), "the window opens there");
        } finally {
            vm.select(Selection.DEFAULT).join();
            vm.idle().join();
        }
    }
}
