package org.gsaexplorer.model.backend.vector;

import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
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
 * buffers of a layer (here about 60 KB of them per step, a 1.3B model's 200 KB) are kept from token to token. The
 * bound leaves room for the result's own small objects.
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
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().threadId();
        try (Checkpoint ck = Checkpoint.open(spec.write(dir)); LoadedModel m = new VectorBackend().load(ck); GsaSession s = m.newSession()) {
            s.prefill(new int[]{1, 2, 3}, ProbeSpec.NONE);
            long best = Long.MAX_VALUE;
            for (int round = 0; round < 40; round++) {
                for (int i = 0; i < 200; i++) s.step(i % spec.vocabSize, ProbeSpec.NONE); // warms the JIT up
                long before = threads.getThreadAllocatedBytes(self);
                s.step(5, ProbeSpec.NONE);
                best = Math.min(best, threads.getThreadAllocatedBytes(self) - before);
                if (best <= SMALL + 16L + 4L * spec.vocabSize) break;
            }
            long logits = 16L + 4L * spec.vocabSize;
            assertTrue(best <= SMALL + logits, "a step allocated " + best + " bytes, of which the logits are " + logits);
            System.out.printf("vector decode step allocates %d bytes (logits %d)%n", best, logits);
        }
    }
}
