package org.gsaexplorer.model.backend.vector;

import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.backend.reference.ReferenceBackend;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.testing.SyntheticCheckpoint;
import org.gsaexplorer.model.weights.Checkpoint;
import org.gsaexplorer.model.weights.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A decode step in the steady state allocates, on the calling thread, little beyond the logits it returns: the
 * per-layer buffers (q, k, v, gates, readouts, MLP activations) are kept from token to token. The bound leaves room for
 * the result's own small objects; the reference's step, which allocates its buffers, is measured alike to show that the
 * measure sees them.
 */
class DecodeAllocationTest {
    /** Bytes a step may allocate besides its logits array. */
    static final long SMALL = 4096;

    @Test
    void stepsAllocateLittleBeyondTheirLogits(@TempDir Path dir) {
        SyntheticCheckpoint spec = new SyntheticCheckpoint().dtype(DType.BF16);
        spec.hiddenSize = 256;
        spec.intermediateSize = 512;
        spec.numSlots = 64;
        spec.numLayers = 4;
        long logits = 16L + 4L * spec.vocabSize;
        try (Checkpoint ck = Checkpoint.open(spec.write(dir)); LoadedModel m = new VectorBackend().load(ck);
             LoadedModel ref = new ReferenceBackend().load(ck)) {
            long best = leastPerStep(m, logits, 40);
            assertTrue(best <= SMALL + logits, "a step allocated " + best + " bytes, of which the logits are " + logits);
            long reference = leastPerStep(ref, logits, 3);
            assertTrue(reference > 4 * (SMALL + logits), "the reference's step allocated only " + reference + " bytes");
            System.out.printf("decode step allocates %d bytes on vector, %d on reference (logits %d)%n", best, reference, logits);
        }
    }

    /** The least a step allocated on this thread over up to {@code rounds} rounds of warmed-up steps (fewer once within the bound). */
    private static long leastPerStep(LoadedModel m, long logits, int rounds) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().threadId();
        try (GsaSession s = m.newSession()) {
            s.prefill(new int[]{1, 2, 3}, ProbeSpec.NONE);
            long best = Long.MAX_VALUE;
            for (int round = 0; round < rounds && best > SMALL + logits; round++) {
                for (int i = 0; i < 200; i++) s.step(i % m.config().vocabSize(), ProbeSpec.NONE); // warms the JIT up
                long before = threads.getThreadAllocatedBytes(self);
                s.step(5, ProbeSpec.NONE);
                best = Math.min(best, threads.getThreadAllocatedBytes(self) - before);
            }
            return best;
        }
    }
}
