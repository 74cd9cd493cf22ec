package org.gsaexplorer.model.backend.vector;

import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.backend.reference.ReferenceBackend;
import org.gsaexplorer.model.testing.SyntheticCheckpoint;
import org.gsaexplorer.model.weights.Checkpoint;
import org.gsaexplorer.model.weights.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bf16 checkpoint loaded by the vector backend is not widened onto the heap; the reference's widened copy is seen. */
class MappedWeightsHeapTest {
    @TempDir
    Path tmp;

    @Test
    void bf16WeightsStayMappedNotWidened() {
        SyntheticCheckpoint spec = new SyntheticCheckpoint().dtype(DType.BF16);
        spec.hiddenSize = 512;
        spec.intermediateSize = 1408;
        spec.numLayers = 3;
        spec.vocabSize = 8000;
        Path dir = spec.write(tmp.resolve("bf16"));
        try (Checkpoint ck = Checkpoint.open(dir)) {
            long fp32Bytes = ck.parameterCount() * 4;
            long vector = heapGrowth(ck, new VectorBackend());
            long reference = heapGrowth(ck, new ReferenceBackend());
            assertTrue(reference > fp32Bytes / 2, "the measure sees a widened copy: reference grew " + reference + " B of " + fp32Bytes);
            assertTrue(vector < fp32Bytes / 20, "vector backend grew the heap by " + vector + " B; fp32 weights are " + fp32Bytes + " B");
        }
    }

    private static long heapGrowth(Checkpoint ck, org.gsaexplorer.model.Backend backend) {
        long before = usedAfterGc();
        try (LoadedModel m = backend.load(ck)) {
            long after = usedAfterGc();
            m.newSession().close(); // keeps the model reachable until measured
            return after - before;
        }
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
