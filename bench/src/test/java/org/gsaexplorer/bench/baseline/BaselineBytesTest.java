package org.gsaexplorer.bench.baseline;

import org.gsaexplorer.bench.ModelShape;
import org.gsaexplorer.model.config.GsaConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** KV cache and state sizes, worked by hand for the published 1.3B shape and checked on a small model. */
class BaselineBytesTest {
    @Test
    void transformerKvCacheGrowsLinearly() {
        TransformerConfig c = TransformerConfig.matching(ModelShape.preset("gsa-1.3b").config());
        // 16 heads of 128, 24 layers: K and V of 2048 floats per layer per token
        assertEquals(16, c.heads());
        assertEquals(16, c.kvHeads());
        assertEquals(24L * 2 * 2048 * 4, c.kvCacheBytes(1));
        assertEquals(24L * 2 * 2048 * 4 * 4096, c.kvCacheBytes(4096));
    }

    @Test
    void mistralShapeKeepsGroupedKvHeads() {
        TransformerConfig c = TransformerConfig.matching(ModelShape.preset("gsa-7b-mistral").config());
        assertEquals(32, c.heads());
        assertEquals(8, c.kvHeads());
        assertEquals(32L * 2 * 8 * 128 * 4 * 1000, c.kvCacheBytes(1000));
    }

    @Test
    void glaStateIsConstant() {
        GsaConfig g = ModelShape.preset("gsa-1.3b").config();
        GlaConfig c = GlaConfig.matching(g);
        // 4 heads, key dim 1024 → 256 per head, value 2048 → 512 per head
        assertEquals(24L * 4 * 256 * 512 * 4, c.stateBytes());
        GatedLinearAttention small = new GatedLinearAttention(new GlaConfig(16, 2, 2, 8, 16, 4, 16, 32, 20, 1e-6), 1);
        assertEquals(small.stateBytes(10), small.stateBytes(10_000));
    }

    @Test
    void weightBytesPerTokenCountOneEmbeddingRow() {
        TransformerConfig c = new TransformerConfig(16, 1, 2, 1, 8, 24, 20, 1e-6, 10_000);
        TransformerPlusPlus m = new TransformerPlusPlus(c, 1);
        // q 16x16, k 8x16, v 8x16, o 16x16, two norms 16, MLP 3x16x24, final norm 16, lm head 20x16, one embedding row 16
        long read = 256 + 128 + 128 + 256 + 32 + 3 * 16 * 24 + 16 + 320 + 16;
        assertEquals(read * 4, m.weightBytesPerToken());
    }
}
