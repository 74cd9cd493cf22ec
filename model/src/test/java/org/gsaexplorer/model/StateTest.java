package org.gsaexplorer.model;

import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.backend.reference.ReferenceBackend;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.weights.Checkpoint;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Save, restore and branch the recurrent state; prefill and step continue each other. */
class StateTest {
    @Test
    void restoredStateReplaysExactlyAndBranches() {
        int[] ids = Fixtures.ids(Fixtures.devArrays().get("input_ids"), 0);
        try (Checkpoint ck = Checkpoint.open(Fixtures.sample("mqar-gsa-tiny").resolve("model"));
             LoadedModel m = new ReferenceBackend().load(ck); GsaSession s = m.newSession()) {
            int[] seq = Arrays.stream(ids).map(i -> i % 256).toArray();
            s.prefill(Arrays.copyOf(seq, 20), ProbeSpec.NONE);
            RecurrentState at20 = s.saveState();
            float[] a = s.step(seq[20], ProbeSpec.NONE).logits();
            s.step(seq[21], ProbeSpec.NONE);
            s.restoreState(at20);
            assertEquals(20, s.position());
            assertEquals(0.0, Fixtures.maxAbsDiff(a, s.step(seq[20], ProbeSpec.NONE).logits()));
            s.restoreState(at20);
            float[] branch = s.step(7, ProbeSpec.NONE).logits();
            assertEquals(true, Fixtures.maxAbsDiff(a, branch) > 1e-3, "another token gives another prediction");
            s.reset();
            assertEquals(0, s.position());
            ForwardResult fresh = s.prefill(Arrays.copyOf(seq, 21), ProbeSpec.NONE);
            assertEquals(0.0, Fixtures.maxAbsDiff(fresh.logitsAt(20), a), 1e-5);
            assertThrows(GsaException.class, () -> s.step(256, ProbeSpec.NONE));
        }
    }
}
