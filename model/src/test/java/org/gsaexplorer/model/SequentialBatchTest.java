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

/** Any backend's batch (here the reference's): one session per sequence, results in order, ablations on all. */
class SequentialBatchTest {
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
}
