package org.gsaexplorer.model.backend.vector;

import org.gsaexplorer.model.Fixtures;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.weights.Checkpoint;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The same input gives the same bits for the whole run: the first, interpreted passes and the later, JIT-compiled ones
 * alike (patching compares runs made at different points of a run, and "patching nothing changes nothing" must hold
 * exactly). Repeats prefill and decode on the Rust sample until the kernels are compiled and compares every repeat with
 * the first.
 */
class VectorDeterminismTest {
    @Test
    void repeatsGiveTheFirstRunsBitsAsTheKernelsGetCompiled() {
        try (Checkpoint ck = Checkpoint.open(Fixtures.sample("rust-docs-gsa").resolve("model"));
             LoadedModel m = new VectorBackend().load(ck); GsaSession s = m.newSession()) {
            int[] ids = new SplittableRandom(7).ints(48, 0, ck.config().vocabSize()).toArray();
            float[] prefill = null, decode = null;
            for (int r = 0; r < 150; r++) {
                s.reset();
                float[] p = s.prefill(Arrays.copyOf(ids, 40), ProbeSpec.NONE).logitsAt(39);
                float[] d = null;
                for (int i = 40; i < ids.length; i++) d = s.step(ids[i], ProbeSpec.NONE).logitsAt(0);
                if (prefill == null) {
                    prefill = p;
                    decode = d;
                }
                assertArrayEquals(prefill, p, 0f, "prefill, repeat " + r);
                assertArrayEquals(decode, d, 0f, "decode, repeat " + r);
            }
        }
    }
}
