package org.gsaexplorer.visualizer.derive;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SlotMathTest {
    @Test
    void halfLifeIsWhereTheRetainedFractionReachesOneHalf() {
        assertEquals(1.0, SlotMath.halfLife(0.5), 1e-12);
        double h = SlotMath.halfLife(0.97);
        assertEquals(0.5, Math.pow(0.97, h), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, SlotMath.halfLife(1.0));
        assertEquals(0.0, SlotMath.halfLife(0.0));
    }

    @Test
    void provenanceMatchesTheDefinition() {
        Random r = new Random(1);
        float[][] alpha = rand(r, 7, 3), write = new float[7][3];
        for (int t = 0; t < 7; t++) for (int m = 0; m < 3; m++) write[t][m] = 1 - alpha[t][m];
        double[] w = SlotMath.provenance(alpha, write, 2, 5);
        for (int s = 0; s <= 5; s++) {
            double expect = 1 - alpha[s][2];
            for (int q = s + 1; q <= 5; q++) expect *= alpha[q][2];
            assertEquals(expect, w[s], 1e-9);
        }
        // with write = 1 − α the contributions and the zero-state remainder add to 1
        double sum = 0, rest = 1;
        for (int s = 0; s <= 5; s++) {
            sum += w[s];
            rest *= alpha[s][2];
        }
        assertEquals(1.0, sum + rest, 1e-9);
    }

    @Test
    void implicitAttentionMatchesTheDefinitionAndItsRowSums() {
        Random r = new Random(2);
        int n = 6, m = 4;
        float[][] alpha = rand(r, n, m), readout = rand(r, n, m), write = new float[n][m];
        for (int t = 0; t < n; t++) {
            float z = 0;
            for (int i = 0; i < m; i++) z += readout[t][i];
            for (int i = 0; i < m; i++) {
                readout[t][i] /= z;
                write[t][i] = 1 - alpha[t][i];
            }
        }
        float[][] a = SlotMath.implicitAttention(readout, alpha, write);
        for (int t = 0; t < n; t++) {
            double rowSum = 0, expectSum = 0;
            for (int s = 0; s < n; s++) {
                double expect = 0;
                if (s <= t) for (int i = 0; i < m; i++) {
                    double prod = 1;
                    for (int q = s + 1; q <= t; q++) prod *= alpha[q][i];
                    expect += readout[t][i] * (1 - alpha[s][i]) * prod;
                }
                assertEquals(expect, a[t][s], 1e-6, "A[" + t + "][" + s + "]");
                rowSum += a[t][s];
            }
            for (int i = 0; i < m; i++) {
                double all = 1;
                for (int q = 0; q <= t; q++) all *= alpha[q][i];
                expectSum += readout[t][i] * (1 - all);
            }
            assertEquals(expectSum, rowSum, 1e-6);
        }
    }

    @Test
    void entropyAndGqaHeadMapping() {
        assertEquals(Math.log(4), SlotMath.entropy(new float[]{.25f, .25f, .25f, .25f}), 1e-6);
        assertEquals(0.0, SlotMath.entropy(new float[]{1, 0, 0}), 0);
        assertEquals(1, SlotMath.kvHeadOf(3, 2));
        assertEquals(0, SlotMath.kvHeadOf(3, 4));
        double[] lp = SlotMath.logSoftmax(new float[]{1000, 1000});
        assertEquals(Math.log(0.5), lp[0], 1e-12);
    }

    private static float[][] rand(Random r, int n, int m) {
        float[][] x = new float[n][m];
        for (float[] row : x) for (int i = 0; i < m; i++) row[i] = 0.05f + 0.9f * r.nextFloat();
        return x;
    }
}
