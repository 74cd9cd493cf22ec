package org.gsaexplorer.model.backend.nd4j;

import org.gsaexplorer.model.Fixtures;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.LayerProbe;
import org.gsaexplorer.model.probe.ProbeSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared helpers of the nd4j tests: running a sequence either way, and comparing two results field by field. */
final class Nd4jTesting {
    private Nd4jTesting() {
    }

    static ForwardResult run(GsaSession s, int[] ids, boolean prefill, ProbeSpec probes) {
        if (prefill) return s.prefill(ids, probes);
        List<ForwardResult> parts = new ArrayList<>();
        for (int id : ids) parts.add(s.step(id, probes));
        return ForwardResult.concat(parts);
    }

    static ForwardResult run(LoadedModel model, int[] ids, boolean prefill, ProbeSpec probes) {
        try (GsaSession s = model.newSession()) {
            return run(s, ids, prefill, probes);
        }
    }

    static int[] randomIds(int n, int vocab, long seed) {
        Random r = new Random(seed);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = r.nextInt(vocab);
        return ids;
    }

    static final Map<String, Function<LayerProbe, float[]>> PROBE_ARRAYS = Map.of(
            "alpha", LayerProbe::alpha, "write", LayerProbe::write, "keyNorm", LayerProbe::keyNorm,
            "valueNorm", LayerProbe::valueNorm, "readout", LayerProbe::readout, "readoutLogits", LayerProbe::readoutLogits);

    /**
     * Every array within {@code tol} relative to its own scale max(1, max|x|): two fp32 engines that sum in different
     * orders differ by rounding in proportion to the magnitudes of what they sum.
     */
    static void assertClose(ForwardResult expected, ForwardResult actual, double tol, String what) {
        assertEquals(expected.startPosition(), actual.startPosition(), what + ": start position");
        double logitScale = scale(expected.logits());
        double err = Fixtures.maxAbsDiff(expected.logits(), actual.logits());
        assertTrue(err <= tol * logitScale, what + ": max |Δlogit| = " + err + " (scale " + logitScale + ")");
        assertEquals(expected.probes().keySet(), actual.probes().keySet(), what + ": probed layers");
        for (var layer : expected.probes().entrySet()) {
            for (var e : PROBE_ARRAYS.entrySet()) {
                float[] a = e.getValue().apply(layer.getValue()), b = e.getValue().apply(actual.probes().get(layer.getKey()));
                double scale = scale(a), d = Fixtures.maxAbsDiff(a, b);
                assertTrue(d <= tol * scale, what + ": layer " + layer.getKey() + " " + e.getKey() + " max |Δ| = " + d + " (scale " + scale + ")");
            }
        }
    }

    static double scale(float[] a) {
        double s = 1;
        for (float x : a) s = Math.max(s, Math.abs(x));
        return s;
    }

    static int argmax(float[] x) {
        int b = 0;
        for (int i = 1; i < x.length; i++) if (x[i] > x[b]) b = i;
        return b;
    }
}
