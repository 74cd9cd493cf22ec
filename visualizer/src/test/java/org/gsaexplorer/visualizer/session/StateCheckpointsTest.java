package org.gsaexplorer.visualizer.session;

import org.gsaexplorer.model.RecurrentState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class StateCheckpointsTest {
    @Test
    void spacingDoublesSoTheCountStaysBounded() {
        StateCheckpoints c = new StateCheckpoints(64, 4);
        for (int p = 64; p <= 64 * 100; p += 64) if (c.wants(p)) c.save(state(p));
        assertTrue(c.count() <= 4, "count " + c.count());
        assertEquals(64 * 32, c.spacing());
        assertEquals(64 * 96, c.floor(64 * 99).position());
        assertNull(c.floor(100));
        c.truncate(64 * 50);
        assertEquals(64 * 32, c.floor(64 * 99).position());
    }

    private static RecurrentState state(int p) {
        return new RecurrentState(p, new float[][]{new float[8]}, new float[][]{new float[8]}, new float[][]{new float[0]});
    }
}
