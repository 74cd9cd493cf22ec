package org.gsaexplorer.model.generate;

import org.gsaexplorer.model.error.GsaException;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class SamplerTest {
    @Test
    void greedyTakesTheArgmaxAndTopKSamplesOnlyTheTopTokens() {
        float[] logits = {0.1f, 3f, 2.9f, -5f, 2.8f};
        assertEquals(1, Sampler.GREEDY.next(logits, new Random()));
        assertArrayEquals(new int[]{1, 2, 4}, Sampler.topIndices(logits, 3));
        Sampler s = new Sampler(1.0, 2, 7);
        Random r = new Random(7);
        int[] counts = new int[5];
        for (int i = 0; i < 4000; i++) counts[s.next(logits, r)]++;
        assertEquals(0, counts[0] + counts[3] + counts[4]);
        // p(1)/p(2) = e^0.1 ≈ 1.105
        assertEquals(Math.exp(0.1), counts[1] / (double) counts[2], 0.12);
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(GsaException.class, () -> new Sampler(-1, 0, 0));
        assertThrows(GsaException.class, () -> new Sampler(1, -2, 0));
    }
}
