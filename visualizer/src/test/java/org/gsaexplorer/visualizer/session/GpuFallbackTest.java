package org.gsaexplorer.visualizer.session;

import org.gsaexplorer.model.RecurrentState;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.backend.Backends;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A GPU backend that fails mid-session (simulated without a GPU by {@link FailingGpuBackend}): the view model reports the
 * fault as one line, continues on nd4j and finishes the command, and what it shows afterwards is what a session that ran
 * on nd4j from the start shows: same tokens, cursor, losses, predictions, probes and recurrent state.
 */
class GpuFallbackTest {
    static final Path SAMPLE = ExplorerViewModelTest.SAMPLE;
    static final MqarPrompt PROMPT = ExplorerViewModelTest.PROMPT;

    final List<ExplorerViewModel> open = new ArrayList<>();
    FailingGpuBackend gpu;

    @AfterEach
    void close() {
        open.forEach(ExplorerViewModel::close);
    }

    /** A view model whose "gpu-sim" backend fails on its {@code failOnStep}-th step (0: when loading). */
    ExplorerViewModel onFailingGpu(int failOnStep) {
        ExplorerViewModel vm = new ExplorerViewModel(ExplorerViewModel.Options.defaults(), name -> {
            if (!name.equals(FailingGpuBackend.NAME)) return Backends.create(name);
            gpu = new FailingGpuBackend(Backends.create("nd4j"), failOnStep);
            return gpu;
        });
        open.add(vm);
        vm.open(SAMPLE, FailingGpuBackend.NAME, PROMPT.text(), -1).join();
        return vm;
    }

    /** The same commands on nd4j from the start. */
    ExplorerSnapshot pureNd4j(Consumer<ExplorerViewModel> commands) {
        ExplorerViewModel vm = new ExplorerViewModel();
        open.add(vm);
        vm.open(SAMPLE, "nd4j", PROMPT.text(), -1).join();
        commands.accept(vm);
        vm.idle().join();
        return vm.snapshot();
    }

    @Test
    void aFailedLaunchDuringGenerateIsReportedAndGenerationFinishesOnNd4j() {
        ExplorerViewModel vm = onFailingGpu(5);
        assertEquals(FailingGpuBackend.NAME, vm.snapshot().model().backend());
        assertNull(vm.snapshot().error());
        vm.generate(12).join();
        vm.idle().join();
        assertTrue(gpu.broken(), "the fault fired");
        ExplorerSnapshot s = vm.snapshot();
        assertFallbackReported(s);
        assertEquals(32 + 12, s.computed(), "the command finished");
        assertSameRun(pureNd4j(v -> v.generate(12).join()), s);
    }

    @Test
    void steppingWithAblationsAndComparisonKeepsThemAcrossTheSwitch() {
        Ablations a = Ablations.NONE.withNoForget(true);
        Consumer<ExplorerViewModel> setup = v -> {
            v.setAblations(a).join();
            v.setCompare(true).join();
            v.jump(20).join();
        };
        ExplorerViewModel vm = onFailingGpu(3);
        setup.accept(vm);
        // 12 steps through the recorded tokens, then 6 generated ones (main and baseline step each: the fault hits the 2nd)
        for (int i = 0; i < 18; i++) vm.step().join();
        vm.idle().join();
        assertTrue(gpu.broken(), "the fault fired");
        ExplorerSnapshot s = vm.snapshot();
        assertFallbackReported(s);
        assertEquals(a, s.main().ablations());
        assertNotNull(s.baseline(), "comparison stays on");
        assertEquals(38, s.cursor());
        ExplorerSnapshot want = pureNd4j(v -> {
            setup.accept(v);
            for (int i = 0; i < 18; i++) v.step().join();
        });
        assertSameRun(want, s);
        assertSameTokens(want.baseline().tokens(), s.baseline().tokens());
    }

    @Test
    void aFaultWhileLoadingOpensOnNd4jWithANotice() {
        ExplorerViewModel vm = onFailingGpu(0);
        vm.idle().join();
        ExplorerSnapshot s = vm.snapshot();
        assertFallbackReported(s);
        assertSameRun(pureNd4j(v -> { }), s);
    }

    @Test
    void aBackendThatCannotStartHereOpensOnTheCpuFallbackWithItsReason() {
        String reason = "nd4j: libcuda.so.1 not found (no NVIDIA driver)";
        ExplorerViewModel vm = new ExplorerViewModel(ExplorerViewModel.Options.defaults(), name -> {
            if (name.equals("unstartable")) throw new org.gsaexplorer.model.error.GsaException(reason);
            return Backends.create(name);
        });
        open.add(vm);
        vm.open(SAMPLE, "unstartable", PROMPT.text(), -1).join();
        vm.idle().join();
        ExplorerSnapshot s = vm.snapshot();
        assertEquals(Backends.cpuFallback(), s.model().backend());
        assertEquals(reason + " (unstartable failed; continuing on " + Backends.cpuFallback() + ")", s.error());
        assertSameRun(pureNd4j(v -> { }), s);
    }

    @Test
    void aFailureOnACpuBackendIsAnErrorWithoutASwitch() {
        ExplorerViewModel vm = new ExplorerViewModel(ExplorerViewModel.Options.defaults(),
                name -> new FailingGpuBackend(name, Backends.create(name), 3));
        open.add(vm);
        vm.open(SAMPLE, "reference", PROMPT.text(), -1).join();
        assertThrows(RuntimeException.class, () -> vm.generate(5).join());
        vm.idle().join();
        ExplorerSnapshot s = vm.snapshot();
        assertEquals("reference", s.model().backend());
        assertEquals(FailingGpuBackend.MESSAGE, s.error());
    }

    private static void assertFallbackReported(ExplorerSnapshot s) {
        assertEquals(Backends.cpuFallback(), s.model().backend());
        assertEquals(FailingGpuBackend.MESSAGE + " (gpu-sim failed; continuing on " + Backends.cpuFallback() + ")", s.error());
        assertFalse(s.error().contains("\n"));
        assertTrue(s.errorId() > 0);
    }

    private static void assertSameRun(ExplorerSnapshot want, ExplorerSnapshot got) {
        assertEquals(want.cursor(), got.cursor());
        assertSameTokens(want.main().tokens(), got.main().tokens());
        for (ProbeField f : ProbeField.values())
            for (int l = 0; l < 2; l++)
                for (int t = Math.max(0, got.cursor() - 24); t < got.cursor(); t++)
                    for (int h = 0; h < 2; h++)
                        for (int m = 0; m < 64; m += 5)
                            assertClose(want.main().probes().get(f, l, t, h, m), got.main().probes().get(f, l, t, h, m),
                                    f + " layer " + l + " token " + t + " head " + h + " slot " + m);
        RecurrentState a = want.state(), b = got.state();
        assertEquals(a.position(), b.position());
        for (int l = 0; l < a.keySlots().length; l++)
            for (int i = 0; i < a.keySlots()[l].length; i++) {
                assertClose(a.keySlots()[l][i], b.keySlots()[l][i], "key slots of layer " + l);
                assertClose(a.valueSlots()[l][i], b.valueSlots()[l][i], "value slots of layer " + l);
            }
    }

    /** Equal up to float rounding: a prefill and a sequence of steps sum in different orders. */
    private static void assertClose(float want, float got, String what) {
        if (Float.isNaN(want)) assertTrue(Float.isNaN(got), what); // the first token's loss
        else assertEquals(want, got, 1e-4f * Math.max(1, Math.abs(want)), what);
    }

    private static void assertSameTokens(Tokens want, Tokens got) {
        assertArrayEquals(want.ids(), got.ids());
        for (int t = 0; t < want.count(); t++) {
            assertClose(want.loss(t), got.loss(t), "loss at " + t);
            assertClose(want.predictionEntropy(t), got.predictionEntropy(t), "entropy at " + t);
            assertEquals(want.topId(t, 0), got.topId(t, 0), "prediction at " + t);
            assertClose(want.topProb(t, 0), got.topProb(t, 0), "probability at " + t);
        }
    }
}
