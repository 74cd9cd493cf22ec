package org.gsaexplorer.model;

import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.ProbeSpec;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two engines on the same checkpoint: random token ids, and comparing their results field by field. */
public final class EngineAgreement {
    private EngineAgreement() {
    }

    public static int[] randomIds(int n, int vocab, long seed) {
        Random r = new Random(seed);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = r.nextInt(vocab);
        return ids;
    }

    /**
     * Every array within {@code tol} relative to its own scale max(1, max|x|): two fp32 engines that sum in different
     * orders differ by rounding in proportion to the magnitudes of what they sum.
     */
    public static void assertClose(ForwardResult expected, ForwardResult actual, double tol, String what) {
        assertEquals(expected.startPosition(), actual.startPosition(), what + ": start position");
        double logitScale = scale(expected.logits());
        double err = Fixtures.maxAbsDiff(expected.logits(), actual.logits());
        assertTrue(err <= tol * logitScale, what + ": max |Δlogit| = " + err + " (scale " + logitScale + ")");
        assertEquals(expected.probes().keySet(), actual.probes().keySet(), what + ": probed layers");
        for (var layer : expected.probes().entrySet()) {
            for (var e : Fixtures.PROBES.entrySet()) {
                float[] a = e.getValue().apply(layer.getValue()), b = e.getValue().apply(actual.probes().get(layer.getKey()));
                double scale = scale(a), d = Fixtures.maxAbsDiff(a, b);
                assertTrue(d <= tol * scale, what + ": layer " + layer.getKey() + " " + e.getKey() + " max |Δ| = " + d + " (scale " + scale + ")");
            }
        }
    }

    public static double scale(float[] a) {
        double s = 1;
        for (float x : a) s = Math.max(s, Math.abs(x));
        return s;
    }
}
