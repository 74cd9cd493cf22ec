package org.gsaexplorer.bench.cuda;

import org.gsaexplorer.model.error.GsaException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cuda bench's published shapes and its batch options (no GPU needed). */
class CudaBenchShapeTest {
    @Test
    void shapesMatchThePublishedConfigs() {
        var s = CudaBench.shape("gsa-1.3b");
        assertEquals(2048, s.hiddenSize());
        assertEquals(24, s.numLayers());
        assertEquals(512, s.headKDim());
        var m = CudaBench.shape("gsa-7b-mistral");
        assertEquals(4, m.groups());
        assertEquals(128, m.headKDim());
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(GsaException.class, () -> CudaBench.shape("x")).getMessage().contains("unknown"));
    }

    @Test
    void batchListsAreParsedAndChecked() {
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[]{1, 8, 64}, CudaBench.batches("--batch-decode", "1, 8,64"));
        assertEquals("--batch-prefill 1,x: expected a comma list of batch sizes, e.g. 1,8,32",
                org.junit.jupiter.api.Assertions.assertThrows(GsaException.class, () -> CudaBench.batches("--batch-prefill", "1,x")).getMessage());
        assertEquals("--batch-decode: batch size 65 is outside 1..64",
                org.junit.jupiter.api.Assertions.assertThrows(GsaException.class, () -> CudaBench.batches("--batch-decode", "65")).getMessage());
    }
}
