package org.gsaexplorer.app;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HeapTargetTest {
    static final long MIB = 1L << 20, GIB = 1L << 30;

    @Test
    void smallLiveSetsKeepTheLaunchersTarget() {
        assertEquals(GIB, HeapTarget.target(GIB, 200 * MIB, 12 * GIB));
    }

    @Test
    void largeLiveSetsRaiseItAboveThemRoundedTo64MiB() {
        // 5.5 GiB of widened weights: 8.25 GiB + 256 MiB margin = 8704 MiB, a multiple of 64 MiB
        assertEquals(8704 * MIB, HeapTarget.target(GIB, 5632 * MIB, 12 * GIB));
        assertEquals(0, HeapTarget.target(GIB, 3000 * MIB + 1, 12 * GIB) % (64 * MIB));
    }

    @Test
    void neverAboveTheMaximumHeap() {
        assertEquals(6 * GIB, HeapTarget.target(GIB, 5 * GIB, 6 * GIB));
    }
}
