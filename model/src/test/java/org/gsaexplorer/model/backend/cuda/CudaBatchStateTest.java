package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.BatchedSession;
import org.gsaexplorer.model.EngineAgreement;
import org.gsaexplorer.model.Fixtures;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.RecurrentState;
import org.gsaexplorer.model.StateRegion;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.backend.reference.ReferenceBackend;
import org.gsaexplorer.model.eval.Parallelism;
import org.gsaexplorer.model.generate.Sampler;
import org.gsaexplorer.model.patch.ActivationPatching;
import org.gsaexplorer.model.patch.PatchGrain;
import org.gsaexplorer.model.patch.PatchResult;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.weights.Checkpoint;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.testing.SyntheticCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each sequence's state in a batch on the GPU ({@link CudaBatchSession}), on the short-conv MQAR sample: saved states
 * against the reference backend's sessions (slots 1e-4, conv history 1e-5, logits 1e-3: CudaGpuTest's bounds on this
 * sample), restored states read back exactly and run on as the reference runs them, a patched restore (the
 * state_patch launches of {@link StatePatch}) equal to {@link StateRegion#replace} on the host float for float, on the
 * sample and over the grid of head shapes, and a patching sweep through batches equal to one through sessions.
 */
@RequiresGpu
class CudaBatchStateTest {
    static final Path MQAR = Fixtures.sample("mqar-gsa-tiny").resolve("model");

    @Test
    void eachSequencesStateSavesAndRestoresAsTheReferences() {
        try (Checkpoint ck = Checkpoint.open(MQAR); CudaModel gpu = new CudaBackend().load(ck, null); LoadedModel ref = new ReferenceBackend().load(ck);
             BatchedSession batch = gpu.newBatch(3)) {
            int[][] ids = {EngineAgreement.randomIds(30, 256, 1), EngineAgreement.randomIds(30, 256, 2), EngineAgreement.randomIds(30, 256, 3)};
            batch.prefill(ids, ProbeSpec.NONE);
            for (int b = 0; b < 3; b++) assertStatesClose(referenceState(ref, ids[b]), batch.saveState(b), "sequence " + b);
            // sequence 0 continues from another prompt's state, the others from their own
            int[] other = EngineAgreement.randomIds(30, 256, 4);
            RecurrentState otherState = referenceState(ref, other);
            batch.restoreState(0, otherState);
            assertStatesEqual(otherState, batch.saveState(0), "restored sequence 0");
            List<ForwardResult> step = batch.step(new int[]{5, 6, 7}, ProbeSpec.NONE);
            assertEquals(31, batch.position());
            int[][] want = {append(other, 5), append(ids[1], 6), append(ids[2], 7)};
            for (int b = 0; b < 3; b++) {
                float[] r = referenceLast(ref, want[b]);
                assertTrue(Fixtures.maxAbsDiff(r, step.get(b).logitsAt(0)) < 1e-3, "sequence " + b + ": " + Fixtures.maxAbsDiff(r, step.get(b).logitsAt(0)));
            }
        }
    }

    @Test
    void aPatchedRestoreIsTheHostsReplaceFloatForFloat() {
        try (Checkpoint ck = Checkpoint.open(MQAR); CudaModel gpu = new CudaBackend().load(ck, null); LoadedModel ref = new ReferenceBackend().load(ck)) {
            RecurrentState base = referenceState(ref, EngineAgreement.randomIds(17, 256, 5)), donor = referenceState(ref, EngineAgreement.randomIds(17, 256, 6));
            List<StateRegion> regions = List.of(StateRegion.WHOLE, new StateRegion.Layer(0), new StateRegion.Layer(1), new StateRegion.Head(1, 1),
                    new StateRegion.Slot(0, 1, 63), new StateRegion.Slot(1, 0, 0));
            try (BatchedSession batch = gpu.newBatch(regions.size())) {
                // twice, the second time in reverse order over what the first left
                for (List<StateRegion> rs : List.of(regions, regions.reversed())) {
                    batch.restorePatched(base, donor, rs);
                    assertEquals(17, batch.position());
                    for (int b = 0; b < rs.size(); b++) assertStatesEqual(rs.get(b).replace(base, donor, gpu.config()), batch.saveState(b), rs.get(b).toString());
                }
                List<ForwardResult> step = batch.step(new int[regions.size()], ProbeSpec.NONE);
                for (int b = 0; b < regions.size(); b++)
                    try (GsaSession r = ref.newSession()) {
                        r.restoreState(regions.reversed().get(b).replace(base, donor, ref.config()));
                        float[] want = r.step(0, ProbeSpec.NONE).logitsAt(0);
                        assertTrue(Fixtures.maxAbsDiff(want, step.get(b).logitsAt(0)) < 1e-3, "sequence " + b);
                    }
            }
        }
    }

    /**
     * Over the grid of head shapes (GQA, dk ≠ dv, tied, short conv or not, 16 to 128 slots): random base and donor
     * states and one region of every kind per sequence, the device's copies against replace on the host.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.gsaexplorer.model.backend.cuda.CudaShapeGridTest#shapes")
    void aPatchedRestoreIsTheHostsReplaceOverAGridOfShapes(String name, SyntheticCheckpoint spec, @TempDir Path dir) {
        try (Checkpoint ck = Checkpoint.open(spec.write(dir.resolve(name))); CudaModel gpu = new CudaBackend().load(ck, null)) {
            GsaConfig c = gpu.config();
            Random rnd = new Random(name.hashCode());
            RecurrentState base = randomState(c, rnd, 40), donor = randomState(c, rnd, 40);
            int l = c.numLayers() - 1, h = c.numKvHeads() - 1, m = c.numSlots() - 1;
            List<StateRegion> regions = List.of(new StateRegion.Slot(0, 0, 0), new StateRegion.Slot(l, h, m), new StateRegion.Head(l, h),
                    new StateRegion.Head(0, 0), new StateRegion.Layer(l), StateRegion.WHOLE, new StateRegion.Slot(l, 0, m / 2));
            try (BatchedSession batch = gpu.newBatch(regions.size())) {
                batch.restorePatched(base, donor, regions);
                for (int b = 0; b < regions.size(); b++) assertStatesEqual(regions.get(b).replace(base, donor, c), batch.saveState(b), name + " " + regions.get(b));
            }
        }
    }

    private static RecurrentState randomState(GsaConfig c, Random rnd, int position) {
        int layers = c.numLayers(), rows = c.numKvHeads() * c.numSlots();
        int conv = c.useShortConv() ? (c.keyDim() + c.kvKeyDim() + c.kvValueDim()) * (c.convSize() - 1) : 0;
        float[][] k = new float[layers][rows * c.headKDim()], v = new float[layers][rows * c.headVDim()], cv = new float[layers][conv];
        for (float[][] g : List.of(k, v, cv))
            for (float[] a : g)
                for (int i = 0; i < a.length; i++) a[i] = (float) rnd.nextGaussian();
        return new RecurrentState(position, k, v, cv);
    }

    /** Every grain: the effects of a sweep whose reruns go up to 64 at a time through a batch equal the sessions' ones. */
    @Test
    void aSweepThroughBatchesEqualsOneThroughSessions() {
        int[] clean = EngineAgreement.randomIds(40, 256, 7), corrupt = clean.clone();
        for (int i = 0; i < 12; i++) corrupt[i] = (corrupt[i] + 17) % 256;
        try (Checkpoint ck = Checkpoint.open(MQAR); CudaModel gpu = new CudaBackend().load(ck, null)) {
            float[] a, b;
            try (GsaSession s = gpu.newSession()) {
                a = s.prefill(clean, ProbeSpec.NONE).logitsAt(clean.length - 1);
                s.reset();
                b = s.prefill(corrupt, ProbeSpec.NONE).logitsAt(corrupt.length - 1);
            }
            int answer = Sampler.argmax(a);
            b[answer] = Float.NEGATIVE_INFINITY;
            assertEquals(Parallelism.BATCH, Parallelism.of(gpu));
            for (PatchGrain g : PatchGrain.values()) {
                var spec = new ActivationPatching.Spec(clean, corrupt, 16, g, new int[]{0, 1}, answer, Sampler.argmax(b));
                PatchResult batched = ActivationPatching.run(gpu, spec, Ablations.NONE, Parallelism.BATCH, 1, n -> { });
                PatchResult sessions = ActivationPatching.run(gpu, spec, Ablations.NONE, Parallelism.SESSIONS, 2, n -> { });
                assertEquals(sessions.effects().length, batched.effects().length);
                for (int i = 0; i < batched.effects().length; i++)
                    assertEquals(sessions.effects()[i], batched.effects()[i], 1e-4, g + " component " + i);
                if (g == PatchGrain.STATE) assertEquals(1, batched.effects()[0], 1e-5);
            }
        }
    }

    private static RecurrentState referenceState(LoadedModel ref, int[] ids) {
        try (GsaSession s = ref.newSession()) {
            s.prefill(ids, ProbeSpec.NONE);
            return s.saveState();
        }
    }

    private static float[] referenceLast(LoadedModel ref, int[] ids) {
        try (GsaSession s = ref.newSession()) {
            return s.prefill(ids, ProbeSpec.NONE).logitsAt(ids.length - 1);
        }
    }

    private static int[] append(int[] ids, int id) {
        int[] out = Arrays.copyOf(ids, ids.length + 1);
        out[ids.length] = id;
        return out;
    }

    private static void assertStatesClose(RecurrentState want, RecurrentState got, String what) {
        assertEquals(want.position(), got.position(), what);
        for (int l = 0; l < want.keySlots().length; l++) {
            assertTrue(Fixtures.maxAbsDiff(want.keySlots()[l], got.keySlots()[l]) < 1e-4, what + ": key slots of layer " + l);
            assertTrue(Fixtures.maxAbsDiff(want.valueSlots()[l], got.valueSlots()[l]) < 1e-4, what + ": value slots of layer " + l);
            assertTrue(Fixtures.maxAbsDiff(want.convState()[l], got.convState()[l]) < 1e-5, what + ": conv history of layer " + l);
        }
    }

    private static void assertStatesEqual(RecurrentState want, RecurrentState got, String what) {
        assertEquals(want.position(), got.position(), what);
        for (int l = 0; l < want.keySlots().length; l++) {
            assertArrayEquals(want.keySlots()[l], got.keySlots()[l], what + ": key slots of layer " + l);
            assertArrayEquals(want.valueSlots()[l], got.valueSlots()[l], what + ": value slots of layer " + l);
            assertArrayEquals(want.convState()[l], got.convState()[l], what + ": conv history of layer " + l);
        }
    }
}
