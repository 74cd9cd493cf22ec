package org.gsaexplorer.model.backend.vector;

import org.gsaexplorer.model.ops.SlotMemory;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link SlotStep}'s two passes against the plain loops of {@link SlotMemory} (update, scores, read, rowNorms) over a
 * grid: slot counts, head widths that are and are not multiples of the vector length, query groups of 1 to 4, fewer
 * active slots than slots, state at an offset inside a larger array.
 */
class SlotStepTest {
    @Test
    void passesMatchThePlainLoopsOverAGridOfShapes() {
        SplittableRandom random = new SplittableRandom(3);
        for (int m : new int[]{1, 5, 64})
            for (int dk : new int[]{3, 16, 40})
                for (int dv : new int[]{7, 32})
                    for (int group : new int[]{1, 4})
                        for (int active : new int[]{m, (m + 1) / 2}) {
                            String what = "m=" + m + " dk=" + dk + " dv=" + dv + " group=" + group + " active=" + active;
                            int kOff = 5, vOff = 3, gOff = 2, kIn = 1, vIn = 4, qIn = 6;
                            float[] key = random(kOff + m * dk, random), value = random(vOff + m * dv, random);
                            float[] alpha = random(gOff + m, random), write = random(gOff + m, random);
                            float[] k = random(kIn + dk, random), v = random(vIn + dv, random), q = random(qIn + group * dk, random);
                            float[] p = random(group * m, random);
                            float[] key2 = key.clone(), value2 = value.clone();

                            float[] z = new float[group * m], kn = new float[m], o = new float[group * dv], vn = new float[m];
                            SlotStep.keys(key, kOff, m, dk, alpha, write, gOff, k, kIn, q, qIn, group, z, 0, kn, 0);
                            SlotStep.values(value, vOff, m, dv, alpha, write, gOff, v, vIn, p, 0, active, group, o, 0, vn, 0);

                            SlotMemory.update(key2, kOff, value2, vOff, m, dk, dv, alpha, write, gOff, k, kIn, v, vIn);
                            float[] z2 = new float[group * m], o2 = new float[group * dv], kn2 = new float[m], vn2 = new float[m];
                            for (int j = 0; j < group; j++) {
                                SlotMemory.scores(key2, kOff, m, dk, q, qIn + j * dk, z2, j * m);
                                SlotMemory.read(value2, vOff, active, dv, p, j * m, o2, j * dv);
                            }
                            SlotMemory.rowNorms(key2, kOff, m, dk, kn2, 0);
                            SlotMemory.rowNorms(value2, vOff, m, dv, vn2, 0);
                            close(key2, key, what + " keys");
                            close(value2, value, what + " values");
                            close(z2, z, what + " scores");
                            close(o2, o, what + " read");
                            close(kn2, kn, what + " key norms");
                            close(vn2, vn, what + " value norms");
                        }
    }

    private static float[] random(int n, SplittableRandom random) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) random.nextDouble(-1, 1);
        return a;
    }

    /** fp32 sums in another order, of at most 64 terms of magnitude ≤ a few units. */
    private static void close(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], 1e-5f * Math.max(1f, Math.abs(expected[i])) * 8, what + " [" + i + "]");
    }
}
