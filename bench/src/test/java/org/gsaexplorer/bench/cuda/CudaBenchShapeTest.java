package org.gsaexplorer.bench.cuda;

import org.gsaexplorer.model.error.GsaException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cuda bench's published shapes (no GPU needed). */
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
}
