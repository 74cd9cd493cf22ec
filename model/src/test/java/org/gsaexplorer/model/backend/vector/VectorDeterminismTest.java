package org.gsaexplorer.model.backend.vector;

import org.gsaexplorer.model.Fixtures;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.weights.Checkpoint;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Decode gives the same bits for the whole run: the first, interpreted steps and the later, JIT-compiled ones alike
 * (its lanes are summed in one fixed order, Lanes). Prefill's GEMM tiles keep the Vector API's reduceLanes, whose
 * order the JIT may change (about 1 ulp per sum): a fixed-order fold there cost the Rust sample's prefill 40 %.
 * Repeats decode from the empty state until the kernels are compiled and compares every repeat with the first.
 */
class VectorDeterminismTest {
    @Test
    void decodeRepeatsGiveTheFirstRunsBitsAsTheKernelsGetCompiled() {
        try (Checkpoint ck = Checkpoint.open(Fixtures.sample("rust-docs-gsa").resolve("model"));
             LoadedModel m = new VectorBackend().load(ck); GsaSession s = m.newSession()) {
            int[] ids = new SplittableRandom(7).ints(48, 0, ck.config().vocabSize()).toArray();
            float[] first = null;
            for (int r = 0; r < 150; r++) {
                s.reset();
                float[] d = null;
                for (int id : ids) d = s.step(id, ProbeSpec.NONE).logitsAt(0);
                if (first == null) first = d;
                assertArrayEquals(first, d, 0f, "decode, repeat " + r);
            }
        }
    }
}
