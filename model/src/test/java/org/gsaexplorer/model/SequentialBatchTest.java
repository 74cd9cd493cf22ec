package org.gsaexplorer.model;

import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.backend.reference.ReferenceBackend;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.testing.SyntheticCheckpoint;
import org.gsaexplorer.model.weights.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Any backend's batch (here the reference's): one session per sequence, results in order, ablations on all; each
 * sequence's state saved and restored as a session's, and a patched restore as {@link StateRegion#replace} gives it.
 */
class SequentialBatchTest {
    static final Path MQAR = Fixtures.sample("mqar-gsa-tiny").resolve("model");
    @Test
    void eachSequenceGetsWhatItsOwnSessionGives(@TempDir Path dir) {
        SyntheticCheckpoint spec = new SyntheticCheckpoint();
        try (Checkpoint ckpt = Checkpoint.open(spec.write(dir.resolve("m"))); LoadedModel model = new ReferenceBackend().load(ckpt);
             BatchedSession batch = model.newBatch(3)) {
            Ablations ab = Ablations.NONE.withNoForget(true);
            batch.setAblations(ab);
            int[][] ids = {EngineAgreement.randomIds(6, spec.vocabSize, 1), EngineAgreement.randomIds(6, spec.vocabSize, 2),
                    EngineAgreement.randomIds(6, spec.vocabSize, 3)};
            List<ForwardResult> pre = batch.prefill(ids, ProbeSpec.of(0));
            List<ForwardResult> step = batch.step(new int[]{4, 5, 6}, ProbeSpec.of(0));
            assertEquals(7, batch.position());
            assertEquals(3, batch.size());
            for (int b = 0; b < 3; b++)
                try (GsaSession one = model.newSession()) {
                    one.setAblations(ab);
                    assertArrayEquals(one.prefill(ids[b], ProbeSpec.of(0)).logits(), pre.get(b).logits());
                    assertArrayEquals(one.step(4 + b, ProbeSpec.of(0)).probes().get(0).readout(), step.get(b).probes().get(0).readout());
                }
            assertThrows(GsaException.class, () -> batch.prefill(new int[][]{{1}, {2}}, ProbeSpec.NONE));
            batch.reset();
            assertEquals(0, batch.position());
        }
    }

    /** On the short-conv sample: a sequence's saved state is what its own session saves, and restoring it there runs on the same. */
    @Test
    void eachSequencesStateSavesAndRestoresAsASessions() {
        try (Checkpoint ckpt = Checkpoint.open(MQAR); LoadedModel model = new ReferenceBackend().load(ckpt);
             BatchedSession batch = model.newBatch(3); GsaSession one = model.newSession()) {
            int[][] ids = {EngineAgreement.randomIds(9, 256, 4), EngineAgreement.randomIds(9, 256, 5), EngineAgreement.randomIds(9, 256, 6)};
            batch.prefill(ids, ProbeSpec.NONE);
            one.prefill(ids[1], ProbeSpec.NONE);
            assertStatesEqual(one.saveState(), batch.saveState(1));
            // sequence 2 takes sequence 1's state; stepping both with one token gives the session's numbers twice
            batch.restoreState(2, batch.saveState(1));
            List<ForwardResult> r = batch.step(new int[]{7, 7, 7}, ProbeSpec.of(1));
            ForwardResult want = one.step(7, ProbeSpec.of(1));
            for (int b : new int[]{1, 2}) {
                assertArrayEquals(want.logits(), r.get(b).logits());
                assertArrayEquals(want.probes().get(1).readout(), r.get(b).probes().get(1).readout());
            }
            assertEquals(10, batch.position());
        }
    }

    /** Each sequence gets the base with its own region from the donor, exactly as replace builds it on the host. */
    @Test
    void aPatchedRestoreGivesEverySequenceItsRegion() {
        try (Checkpoint ckpt = Checkpoint.open(MQAR); LoadedModel model = new ReferenceBackend().load(ckpt);
             GsaSession s = model.newSession()) {
            s.prefill(EngineAgreement.randomIds(11, 256, 7), ProbeSpec.NONE);
            RecurrentState base = s.saveState();
            s.reset();
            s.prefill(EngineAgreement.randomIds(11, 256, 8), ProbeSpec.NONE);
            RecurrentState donor = s.saveState();
            List<StateRegion> regions = List.of(StateRegion.WHOLE, new StateRegion.Layer(1), new StateRegion.Head(0, 1), new StateRegion.Slot(1, 0, 63));
            try (BatchedSession batch = model.newBatch(regions.size())) {
                batch.restorePatched(base, donor, regions);
                assertEquals(11, batch.position());
                for (int b = 0; b < regions.size(); b++) assertStatesEqual(regions.get(b).replace(base, donor, model.config()), batch.saveState(b));
                assertThrows(GsaException.class, () -> batch.restorePatched(base, donor, regions.subList(0, 2)));
            }
        }
    }

    /** The sequences of a batch share a position: running on from states of different tokens is refused. */
    @Test
    void sequencesRestoredToDifferentTokensAreRefused(@TempDir Path dir) {
        SyntheticCheckpoint spec = new SyntheticCheckpoint();
        try (Checkpoint ckpt = Checkpoint.open(spec.write(dir.resolve("m"))); LoadedModel model = new ReferenceBackend().load(ckpt);
             BatchedSession batch = model.newBatch(2); GsaSession one = model.newSession()) {
            one.prefill(new int[]{1, 2, 3}, ProbeSpec.NONE);
            batch.restoreState(0, one.saveState());
            GsaException e = assertThrows(GsaException.class, () -> batch.step(new int[]{1, 2}, ProbeSpec.NONE));
            assertEquals("batched sequences are at different positions (sequence 0 at 3, sequence 1 at 0): restore every sequence to states"
                    + " of one position before running on", e.getMessage());
            batch.restoreState(1, one.saveState());
            batch.step(new int[]{1, 2}, ProbeSpec.NONE);
            assertEquals(4, batch.position());
        }
    }

    static void assertStatesEqual(RecurrentState want, RecurrentState got) {
        assertEquals(want.position(), got.position());
        for (int l = 0; l < want.keySlots().length; l++) {
            assertArrayEquals(want.keySlots()[l], got.keySlots()[l], "key slots of layer " + l);
            assertArrayEquals(want.valueSlots()[l], got.valueSlots()[l], "value slots of layer " + l);
            assertArrayEquals(want.convState()[l], got.convState()[l], "conv history of layer " + l);
        }
    }
}
