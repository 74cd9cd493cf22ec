package org.gsaexplorer.model.patch;

import org.gsaexplorer.model.EngineAgreement;
import org.gsaexplorer.model.Fixtures;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.RecurrentState;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.backend.Backends;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.eval.Parallelism;
import org.gsaexplorer.model.generate.Sampler;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.testing.SyntheticCheckpoint;
import org.gsaexplorer.model.weights.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Activation patching against what it must mean, on the short-conv MQAR sample and on models built to test it. */
class ActivationPatchingTest {
    static final Path MQAR = Fixtures.sample("mqar-gsa-tiny").resolve("model");

    static int[] prompt(int n, long seed) {
        return EngineAgreement.randomIds(n, 256, seed);
    }

    /** Corrupt = clean with the first {@code changed} tokens replaced. */
    static int[] corrupted(int[] clean, int changed) {
        int[] c = clean.clone();
        for (int i = 0; i < changed; i++) c[i] = (c[i] + 17) % 256;
        return c;
    }

    /** The clean run's top-1 at the end, and the corrupt run's best other token: a metric with room to move. */
    static ActivationPatching.Spec spec(LoadedModel model, int[] clean, int[] corrupt, int at, PatchGrain g, int... layers) {
        float[] a, b;
        try (GsaSession s = model.newSession()) {
            a = s.prefill(clean, ProbeSpec.NONE).logitsAt(clean.length - 1);
            s.reset();
            b = s.prefill(corrupt, ProbeSpec.NONE).logitsAt(corrupt.length - 1);
        }
        int answer = Sampler.argmax(a);
        b[answer] = Float.NEGATIVE_INFINITY;
        return new ActivationPatching.Spec(clean, corrupt, at, g, layers, answer, Sampler.argmax(b));
    }

    /** Patching the whole state at T restores the clean run exactly when the prompts agree from T on. */
    @ParameterizedTest
    @ValueSource(strings = {"reference", "nd4j", "vector"})
    void theWholeStateRestoresTheCleanRun(String backend) {
        int[] clean = prompt(40, 1), corrupt = corrupted(clean, 12);
        try (Checkpoint ck = Checkpoint.open(MQAR); LoadedModel model = Backends.create(backend).load(ck)) {
            for (int at : new int[]{12, 20, 39}) {
                PatchResult r = ActivationPatching.run(model, spec(model, clean, corrupt, at, PatchGrain.STATE, 0, 1), 2, n -> { });
                assertEquals(1, r.effects()[0], 1e-5, "at " + at);
                // and the logits themselves: the corrupt suffix from the clean state is the clean run (run in the same
                // two pieces, as the sweep runs it)
                try (GsaSession a = model.newSession(); GsaSession b = model.newSession()) {
                    a.prefill(Arrays.copyOf(clean, at), ProbeSpec.NONE);
                    b.restoreState(a.saveState());
                    float[] want = a.prefill(Arrays.copyOfRange(clean, at, clean.length), ProbeSpec.NONE).logitsAt(clean.length - at - 1);
                    float[] got = b.prefill(Arrays.copyOfRange(corrupt, at, corrupt.length), ProbeSpec.NONE).logitsAt(corrupt.length - at - 1);
                    assertTrue(Fixtures.maxAbsDiff(want, got) < 1e-5, "at " + at + ": " + Fixtures.maxAbsDiff(want, got));
                }
            }
        }
    }

    /** When the prompts differ only after T, the states at T are the same: every component's effect is exactly 0. */
    @Test
    void patchingIdenticalStatesChangesNothing() {
        int[] clean = prompt(30, 2), corrupt = clean.clone();
        corrupt[25] = (corrupt[25] + 5) % 256;
        corrupt[29] = (corrupt[29] + 9) % 256;
        try (Checkpoint ck = Checkpoint.open(MQAR); LoadedModel model = Backends.create("nd4j").load(ck)) {
            PatchResult r = ActivationPatching.run(model, spec(model, clean, corrupt, 20, PatchGrain.SLOT, 0, 1), 2, n -> { });
            assertEquals(2 * model.config().numKvHeads() * model.config().numSlots(), r.effects().length);
            for (double e : r.effects()) assertEquals(0.0, e);
        }
    }

    /** A layer whose attention output is zeroed cannot matter: its slots' effects are 0, the other layer's are not. */
    @Test
    void slotsOfASilentLayerHaveNoEffect(@TempDir Path dir) {
        SyntheticCheckpoint spec = new SyntheticCheckpoint();
        spec.silentLayer = 0;
        int[] clean = EngineAgreement.randomIds(24, spec.vocabSize, 3), corrupt = clean.clone();
        for (int i = 0; i < 10; i++) corrupt[i] = (corrupt[i] + 1) % spec.vocabSize;
        try (Checkpoint ck = Checkpoint.open(spec.write(dir.resolve("silent"))); LoadedModel model = Backends.create("reference").load(ck)) {
            PatchResult r = ActivationPatching.run(model, spec(model, clean, corrupt, 12, PatchGrain.SLOT, 0, 1), 2, n -> { });
            int perLayer = spec.numKvHeads * spec.numSlots;
            double layer1 = 0;
            for (int i = 0; i < perLayer; i++) {
                assertEquals(0.0, r.effects()[i], 1e-12, "layer 0 component " + i);
                layer1 = Math.max(layer1, Math.abs(r.effects()[perLayer + i]));
            }
            assertTrue(layer1 > 1e-3, "layer 1's slots should matter: " + layer1);
        }
    }

    /**
     * The same with the layer's output zeroed by interventions instead of weights (zero-head on every head), on the
     * short-conv sample: its slots' effects are 0; and the whole state still restores the clean run (effect 1).
     */
    @Test
    void slotsOfALayerZeroedByInterventionsHaveNoEffect() {
        int[] clean = prompt(32, 6), corrupt = corrupted(clean, 10);
        Ablations silent = Ablations.parseAll(List.of("zero-head=0:0", "zero-head=0:1", "knockout=1:0:3@5"));
        try (Checkpoint ck = Checkpoint.open(MQAR); LoadedModel model = Backends.create("nd4j").load(ck)) {
            PatchResult r = ActivationPatching.run(model, spec(model, clean, corrupt, 14, PatchGrain.SLOT, 0), silent, 2, n -> { });
            for (double e : r.effects()) assertEquals(0.0, e, 1e-12);
            PatchResult state = ActivationPatching.run(model, spec(model, clean, corrupt, 14, PatchGrain.STATE, 0), silent, 2, n -> { });
            assertEquals(1, state.effects()[0], 1e-5);
        }
    }

    /** Slot, head and layer sweeps agree between the plain-Java reference and nd4j. */
    @Test
    void backendsAgree() {
        int[] clean = prompt(36, 4), corrupt = corrupted(clean, 8);
        try (Checkpoint ck = Checkpoint.open(MQAR); LoadedModel ref = Backends.create("reference").load(ck);
             LoadedModel nd4j = Backends.create("nd4j").load(ck)) {
            for (PatchGrain g : new PatchGrain[]{PatchGrain.LAYER, PatchGrain.HEAD, PatchGrain.SLOT}) {
                ActivationPatching.Spec s = spec(ref, clean, corrupt, 16, g, 1);
                PatchResult a = ActivationPatching.run(ref, s, 2, n -> { }), b = ActivationPatching.run(nd4j, s, 2, n -> { });
                assertEquals(a.answer(), b.answer());
                assertEquals(a.foil(), b.foil());
                for (int i = 0; i < a.effects().length; i++) assertEquals(a.effects()[i], b.effects()[i], 1e-4, g + " " + i);
            }
        }
    }

    /**
     * The batch path (here through SequentialBatch; the GPU takes it through CudaBatchSession) gives the session path's
     * effects, on the short-conv MQAR sample and on the Rust sample, for every grain.
     */
    @ParameterizedTest
    @ValueSource(strings = {"mqar-gsa-tiny", "rust-docs-gsa"})
    void batchedRerunsGiveTheSessionsEffects(String sample) {
        try (Checkpoint ck = Checkpoint.open(Fixtures.sample(sample).resolve("model")); LoadedModel model = Backends.create("vector").load(ck)) {
            int[] clean = prompt(26, 7), corrupt = corrupted(clean, 9);
            int last = model.config().numLayers() - 1;
            for (PatchGrain g : PatchGrain.values()) {
                int[] layers = g == PatchGrain.SLOT ? new int[]{last} : new int[]{0, last};
                ActivationPatching.Spec s = spec(model, clean, corrupt, 13, g, layers);
                int[] seen = {0};
                PatchResult batched = ActivationPatching.run(model, s, Ablations.NONE, Parallelism.BATCH, 2, n -> seen[0] = n);
                PatchResult sessions = ActivationPatching.run(model, s, Ablations.NONE, Parallelism.SESSIONS, 2, n -> { });
                assertEquals(sessions.effects().length, batched.effects().length);
                assertEquals(batched.effects().length, seen[0], "progress reaches every component");
                for (int i = 0; i < batched.effects().length; i++)
                    assertEquals(sessions.effects()[i], batched.effects()[i], 1e-6, sample + " " + g + " component " + i);
                if (g == PatchGrain.STATE) assertEquals(1, batched.effects()[0], 1e-5, sample);
            }
        }
    }

    /** Batches of 50 over 128 components (the last one of 28): every component gets its own rerun's logits. */
    @Test
    void aSmallerLastBatchRerunsItsOwnComponents() {
        int[] clean = prompt(20, 8), corrupt = corrupted(clean, 6);
        try (Checkpoint ck = Checkpoint.open(MQAR); LoadedModel model = Backends.create("vector").load(ck);
             GsaSession s = model.newSession()) {
            s.prefill(Arrays.copyOf(clean, 10), ProbeSpec.NONE);
            RecurrentState donor = s.saveState();
            s.reset();
            s.prefill(Arrays.copyOf(corrupt, 10), ProbeSpec.NONE);
            PatchReruns reruns = new PatchReruns(s.saveState(), donor, PatchGrain.SLOT.components(new int[]{1}, model.config()),
                    Arrays.copyOfRange(corrupt, 10, 20), Ablations.NONE);
            float[][] batched = new float[128][], sessions = new float[128][];
            List<Integer> progress = new ArrayList<>();
            reruns.inBatches(model, 50, (i, logits) -> batched[i] = logits, progress::add);
            reruns.onSessions(model, 2, (i, logits) -> sessions[i] = logits, n -> { });
            assertEquals(List.of(50, 100, 128), progress);
            for (int i = 0; i < 128; i++) assertArrayEquals(sessions[i], batched[i], "component " + i);
        }
    }

    @Test
    void badSpecsAreOneLine() {
        int[] clean = prompt(20, 5), corrupt = corrupted(clean, 3);
        try (Checkpoint ck = Checkpoint.open(MQAR); LoadedModel model = Backends.create("reference").load(ck)) {
            ActivationPatching.Spec[] bad = {
                    new ActivationPatching.Spec(clean, Arrays.copyOf(corrupt, 19), 5, PatchGrain.SLOT, new int[]{0}, null, null),
                    new ActivationPatching.Spec(clean, clean, 5, PatchGrain.SLOT, new int[]{0}, null, null),
                    new ActivationPatching.Spec(clean, corrupt, 0, PatchGrain.SLOT, new int[]{0}, null, null),
                    new ActivationPatching.Spec(clean, corrupt, 20, PatchGrain.SLOT, new int[]{0}, null, null),
                    new ActivationPatching.Spec(clean, corrupt, 5, PatchGrain.SLOT, new int[]{7}, null, null),
                    new ActivationPatching.Spec(clean, corrupt, 5, PatchGrain.SLOT, new int[]{0}, 3, 3),
                    new ActivationPatching.Spec(clean, corrupt, 5, PatchGrain.SLOT, new int[]{0}, 300, 4),
            };
            for (ActivationPatching.Spec s : bad) {
                GsaException e = assertThrows(GsaException.class, () -> ActivationPatching.run(model, s, 1, n -> { }));
                assertEquals(1, e.getMessage().lines().count(), e.getMessage());
            }
        }
    }
}
