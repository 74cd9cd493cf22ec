package org.gsaexplorer.model;

import org.gsaexplorer.model.config.FeatureMap;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.error.GsaException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Which floats a region takes from the donor: a base of zeros and a donor of ones, so the ones left in the result are
 * exactly the region, counted and located per layer, part and row.
 */
class StateRegionTest {
    // 3 layers, 2 kv heads of 4 slots, dk 4 (expand_k 0.5), dv 8, short conv of width 4
    static final GsaConfig C = new GsaConfig(32, 3, 4, 2, 4, 0.5, 1, FeatureMap.SWISH, 8, true, 4, true, 1e-6, 64, "swish",
            false, 100, null, 1, 2);
    static final int DK = C.headKDim(), DV = C.headVDim(), ROWS = C.numKvHeads() * C.numSlots();

    static RecurrentState filled(float v, int position) {
        int conv = (C.keyDim() + C.kvKeyDim() + C.kvValueDim()) * (C.convSize() - 1);
        float[][] k = new float[3][ROWS * DK], val = new float[3][ROWS * DV], cv = new float[3][conv];
        for (float[][] g : List.of(k, val, cv)) for (float[] a : g) Arrays.fill(a, v);
        return new RecurrentState(position, k, val, cv);
    }

    /** Indices of the ones in {@code a}, divided by {@code width} into rows. */
    static int[] rowsOfOnes(float[] a, int width) {
        return java.util.stream.IntStream.range(0, a.length).filter(i -> a[i] == 1f).map(i -> i / width).distinct().toArray();
    }

    @Test
    void eachRegionTakesExactlyItsRowsAndConvHistory() {
        RecurrentState base = filled(0f, 9), donor = filled(1f, 9);
        // slot 3 of kv head 1 in layer 2: one key row and one value row, row 1·4 + 3 = 7, no conv
        RecurrentState s = new StateRegion.Slot(2, 1, 3).replace(base, donor, C);
        for (int l = 0; l < 3; l++) {
            int[] want = l == 2 ? new int[]{7} : new int[0];
            assertArrayEquals(want, rowsOfOnes(s.keySlots()[l], DK), "keys of layer " + l);
            assertArrayEquals(want, rowsOfOnes(s.valueSlots()[l], DV), "values of layer " + l);
            assertEquals(0, rowsOfOnes(s.convState()[l], 1).length);
        }
        assertEquals(DK, countOnes(s.keySlots()[2]));
        assertEquals(DV, countOnes(s.valueSlots()[2]));
        // kv head 0 of layer 1: rows 0..3, no conv
        s = new StateRegion.Head(1, 0).replace(base, donor, C);
        assertArrayEquals(new int[]{0, 1, 2, 3}, rowsOfOnes(s.keySlots()[1], DK));
        assertArrayEquals(new int[]{0, 1, 2, 3}, rowsOfOnes(s.valueSlots()[1], DV));
        assertEquals(0, countOnes(s.keySlots()[0]) + countOnes(s.convState()[1]));
        // layer 0: all its rows and its conv history, nothing of the others
        s = new StateRegion.Layer(0).replace(base, donor, C);
        assertEquals(ROWS * DK, countOnes(s.keySlots()[0]));
        assertEquals(s.convState()[0].length, countOnes(s.convState()[0]));
        assertEquals(0, countOnes(s.keySlots()[1]) + countOnes(s.valueSlots()[2]) + countOnes(s.convState()[1]));
        // the whole state is the donor's, at the common position
        s = StateRegion.WHOLE.replace(base, donor, C);
        for (int l = 0; l < 3; l++) {
            assertArrayEquals(donor.keySlots()[l], s.keySlots()[l]);
            assertArrayEquals(donor.valueSlots()[l], s.valueSlots()[l]);
            assertArrayEquals(donor.convState()[l], s.convState()[l]);
        }
        assertEquals(9, s.position());
        assertEquals(0, countOnes(base.keySlots()[0]), "the base is not changed");
    }

    @Test
    void regionsOutsideTheModelOrStatesOfDifferentTokensAreOneLineErrors() {
        RecurrentState base = filled(0f, 9), donor = filled(1f, 9);
        for (StateRegion r : List.of(new StateRegion.Layer(3), new StateRegion.Head(0, 2), new StateRegion.Slot(1, 1, 4), new StateRegion.Slot(-1, 0, 0))) {
            GsaException e = assertThrows(GsaException.class, () -> r.replace(base, donor, C));
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
        GsaException e = assertThrows(GsaException.class, () -> StateRegion.WHOLE.replace(base, filled(1f, 10), C));
        assertEquals("a region is taken from a state at position 10 into one at 9: they must be saved at the same token", e.getMessage());
    }

    static int countOnes(float[] a) {
        int n = 0;
        for (float v : a) if (v == 1f) n++;
        return n;
    }
}
