package org.gsaexplorer.visualizer.session;

import org.gsaexplorer.model.Backend;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.backend.Backends;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.LayerProbe;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.run.TraceRunner;
import org.gsaexplorer.model.tokenizer.GsaTokenizer;
import org.gsaexplorer.model.weights.Checkpoint;
import org.gsaexplorer.visualizer.catalog.ModelCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.*;

class ExplorerViewModelTest {
    static final Path SAMPLE = ModelCatalog.findSamples(Path.of(""), null).resolve("mqar-gsa-tiny/model");
    static final MqarPrompt PROMPT = MqarPrompt.generate(8, 8, 1);

    ExplorerViewModel vm;

    @BeforeEach
    void open() {
        vm = new ExplorerViewModel();
        vm.open(SAMPLE, "reference", PROMPT.text(), PROMPT.cursorAtQuery(3)).join();
        vm.idle().join();
    }

    @AfterEach
    void close() {
        vm.close();
    }

    @Test
    void opensOnThePromptWithTheCursorMidRecallAndProbesEqualToATrace() {
        ExplorerSnapshot s = vm.snapshot();
        assertEquals(32, s.computed());
        assertEquals(PROMPT.cursorAtQuery(3), s.cursor());
        assertTrue(s.main().tokens().text(s.current()).startsWith("k"));
        assertNotNull(s.state());
        assertEquals(s.cursor(), s.state().position());
        ForwardResult ref = trace(s.main().tokens().ids(), Ablations.NONE);
        LayerProbe p1 = ref.probes().get(1);
        for (int t = 0; t < 32; t++)
            for (int m = 0; m < 64; m += 7) {
                assertEquals(p1.alpha()[p1.kvIndex(t, 1, m)], s.main().probes().get(ProbeField.ALPHA, 1, t, 1, m), 1e-6f);
                assertEquals(p1.readout()[p1.qIndex(t, 0, m)], s.main().probes().get(ProbeField.READOUT, 1, t, 0, m), 1e-6f);
            }
        // the trained model recalls: the value after each query key is predicted with low loss
        Tokens tok = s.main().tokens();
        for (int q = 0; q < 8; q++) assertTrue(tok.loss(PROMPT.cursorAtQuery(q)) < 0.7, "loss at recall " + q);
        assertTrue(Float.isNaN(tok.loss(0)));
    }

    @Test
    void stepsBackAndForthAndGeneratesGreedilyFromTheCursor() {
        int c = vm.snapshot().cursor();
        vm.step().join();
        assertEquals(c + 1, vm.snapshot().cursor());
        vm.stepBack().join();
        vm.stepBack().join();
        assertEquals(c - 1, vm.snapshot().cursor());
        vm.jump(1000).join();
        assertEquals(32, vm.snapshot().cursor());
        vm.jump(PROMPT.cursorAtQuery(5)).join();
        ExplorerSnapshot before = vm.snapshot();
        int expected = before.main().tokens().topId(before.current(), 0);
        vm.generate(3).join();
        vm.idle().join();
        ExplorerSnapshot after = vm.snapshot();
        assertEquals(PROMPT.cursorAtQuery(5) + 3, after.computed(), "tokens after the cursor were replaced");
        assertEquals(expected, after.main().tokens().id(PROMPT.cursorAtQuery(5)));
        // the generated continuation has the same probes as a fresh trace of the whole sequence
        ForwardResult ref = trace(after.main().tokens().ids(), Ablations.NONE);
        LayerProbe p0 = ref.probes().get(0);
        int last = after.computed() - 1;
        assertEquals(p0.valueNorm()[p0.kvIndex(last, 0, 5)], after.main().probes().get(ProbeField.VALUE_NORM, 0, last, 0, 5), 1e-5f);
        assertEquals(after.cursor(), after.state().position());
    }

    @Test
    void ablationReRunsWithoutReloadAndComparisonGivesTheBaseline() {
        vm.setCompare(true).join();
        vm.setAblations(Ablations.NONE.withNoForget(true)).join();
        ExplorerSnapshot s = vm.snapshot();
        assertEquals(1f, s.main().probes().get(ProbeField.ALPHA, 0, 10, 0, 3));
        assertNotNull(s.baseline());
        assertTrue(s.baseline().probes().get(ProbeField.ALPHA, 0, 10, 0, 3) < 1f);
        ForwardResult ref = trace(s.main().tokens().ids(), Ablations.NONE.withNoForget(true));
        double refLoss = -org.gsaexplorer.visualizer.derive.SlotMath.logSoftmax(ref.logitsAt(20))[s.main().tokens().id(21)];
        assertEquals(refLoss, s.main().tokens().loss(21), 1e-4);
        assertNotEquals(s.main().tokens().loss(21), s.baseline().tokens().loss(21));
    }

    @Test
    void historyStaysWithinBudgetAndDroppedProbesAreRecomputedExactly() {
        vm.close();
        long blockBytes = 4L * 64 * 2 * 64 * (4 * 2 + 2 * 2);
        vm = new ExplorerViewModel(new ExplorerViewModel.Options(4 * blockBytes, 3));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 15; i++) text.append(MqarPrompt.generate(8, 8, i).text()).append(' ');
        vm.open(SAMPLE, "reference", text.toString(), -1).join();
        ExplorerSnapshot s = vm.snapshot();
        assertEquals(480, s.computed());
        assertTrue(s.memory().probeBytes() <= 4 * blockBytes, "probe bytes " + s.memory().probeBytes());
        assertTrue(s.memory().states() <= 3);
        assertFalse(s.main().probes().has(5), "early blocks were dropped");
        vm.jump(40).join();
        vm.idle().join();
        s = vm.snapshot();
        assertTrue(s.main().probes().hasAll(0, 40));
        ForwardResult ref = trace(s.main().tokens().ids(), Ablations.NONE);
        LayerProbe p = ref.probes().get(1);
        for (int t = 0; t < 40; t += 3)
            assertEquals(p.keyNorm()[p.kvIndex(t, 1, 9)], s.main().probes().get(ProbeField.KEY_NORM, 1, t, 1, 9), 1e-4f);
        assertEquals(40, s.state().position());
    }

    @Test
    void errorsArePublishedAsOneLine() {
        CompletionException e = assertThrows(CompletionException.class,
                () -> vm.open(SAMPLE.resolveSibling("nope"), "reference", "", -1).join());
        String msg = vm.snapshot().error();
        assertNotNull(msg, e.toString());
        assertFalse(msg.contains("\n"));
        assertEquals(32, vm.snapshot().computed(), "the previous model stays");
        vm.setPrompt("k1 zz").exceptionally(x -> null).join();
        assertNotEquals(msg, vm.snapshot().error());
    }

    private static ForwardResult trace(int[] ids, Ablations a) {
        try (Checkpoint ck = Checkpoint.open(SAMPLE); Backend b = Backends.create("reference"); LoadedModel m = b.load(ck)) {
            return TraceRunner.run(m, ids, false, a, ProbeSpec.all(2));
        }
    }

    static int[] encode(String text) {
        try (GsaTokenizer t = GsaTokenizer.forCheckpoint(SAMPLE, 256)) {
            return t.encode(text);
        }
    }

    @Test
    void cancellingALoadKeepsThePreviousModelAtOnce() {
        ExplorerSnapshot before = vm.snapshot();
        var load = vm.open(SAMPLE, "reference", "k1 v1 k1", -1);
        vm.cancelLoad();
        CompletionException e = assertThrows(CompletionException.class, load::join);
        assertEquals("loading cancelled", e.getCause().getMessage());
        vm.idle().join();
        ExplorerSnapshot s = vm.snapshot();
        assertNull(s.loading());
        assertNull(s.error(), "a cancel is not an error");
        assertEquals(before.prompt(), s.prompt());
        assertEquals(before.cursor(), s.cursor());
        vm.step().join();
        assertEquals(before.cursor() + 1, vm.snapshot().cursor(), "the previous model still runs");
    }
}
