package org.gsaexplorer.model;

import org.gsaexplorer.model.backend.reference.ReferenceBackend;
import org.gsaexplorer.model.io.NpyArray;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.LayerProbe;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.weights.Checkpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plain-Java reference against FLA's fixture (float64 re-implementation, checked against FLA on an H100). */
class ReferenceParityTest {
    static Checkpoint ckpt;
    static LoadedModel model;
    static Map<String, NpyArray> fx;

    @BeforeAll
    static void load() {
        ckpt = Checkpoint.open(Fixtures.devModel());
        model = new ReferenceBackend().load(ckpt);
        fx = Fixtures.devArrays();
    }

    @AfterAll
    static void close() {
        model.close();
        ckpt.close();
    }

    static ForwardResult run(int[] ids, boolean prefill, ProbeSpec probes) {
        try (GsaSession s = model.newSession()) {
            if (prefill) return s.prefill(ids, probes);
            List<ForwardResult> parts = new ArrayList<>();
            for (int id : ids) parts.add(s.step(id, probes));
            return ForwardResult.concat(parts);
        }
    }

    static float[] refLogits(String name, int seq) {
        NpyArray a = fx.get(name);
        int t = a.shape()[1], v = a.shape()[2];
        float[] out = new float[t * v];
        for (int i = 0; i < out.length; i++) out[i] = (float) a.data()[seq * t * v + i];
        return out;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void logitsMatchReferenceInStepAndPrefill(boolean prefill) {
        for (int seq = 0; seq < 2; seq++) {
            ForwardResult r = run(Fixtures.ids(fx.get("input_ids"), seq), prefill, ProbeSpec.NONE);
            double err = Fixtures.maxAbsDiff(r.logits(), refLogits("logits_ref", seq));
            assertTrue(err < 1e-4, "seq " + seq + (prefill ? " prefill" : " step") + " max |Δlogit| = " + err);
        }
    }

    @Test
    void longSequenceAcrossChunksMatches() {
        ForwardResult r = run(Fixtures.ids(fx.get("input_ids_long"), 1), true, ProbeSpec.NONE);
        double err = Fixtures.maxAbsDiff(r.logits(), refLogits("logits_long_ref", 1));
        assertTrue(err < 1e-4, "T=200 prefill max |Δlogit| = " + err);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void probesMatchRecordedInternals(boolean prefill) {
        ForwardResult r = run(Fixtures.ids(fx.get("input_ids"), 0), prefill, ProbeSpec.all(2));
        Map<String, java.util.function.Function<LayerProbe, float[]>> arrays = Map.of(
                "seq0_alpha", LayerProbe::alpha, "seq0_write", LayerProbe::write,
                "seq0_readout", LayerProbe::readout, "seq0_readout_logits", LayerProbe::readoutLogits,
                "seq0_key_row_norm", LayerProbe::keyNorm, "seq0_value_row_norm", LayerProbe::valueNorm);
        for (var e : arrays.entrySet()) {
            NpyArray ref = fx.get(e.getKey()); // [L, T, H, M], same order as ours per layer
            for (int l = 0; l < 2; l++) {
                float[] ours = e.getValue().apply(r.probes().get(l));
                int n = ours.length;
                float[] theirs = new float[n];
                for (int i = 0; i < n; i++) theirs[i] = (float) ref.data()[l * n + i];
                double err = Fixtures.maxAbsDiff(ours, theirs);
                assertTrue(err < 1e-4, e.getKey() + " layer " + l + " max |Δ| = " + err);
            }
        }
    }

    @Test
    void finalSlotMemoryMatches() {
        try (GsaSession s = model.newSession()) {
            s.prefill(Fixtures.ids(fx.get("input_ids"), 0), ProbeSpec.NONE);
            RecurrentState st = s.saveState();
            for (int l = 0; l < 2; l++) {
                NpyArray k = fx.get("seq0_key_mem_final"), v = fx.get("seq0_value_mem_final");
                int n = st.keySlots()[l].length;
                float[] rk = new float[n], rv = new float[n];
                for (int i = 0; i < n; i++) {
                    rk[i] = (float) k.data()[l * n + i];
                    rv[i] = (float) v.data()[l * n + i];
                }
                assertTrue(Fixtures.maxAbsDiff(st.keySlots()[l], rk) < 1e-4);
                assertTrue(Fixtures.maxAbsDiff(st.valueSlots()[l], rv) < 1e-4);
            }
            assertEquals(48, s.position());
        }
    }

    @Test
    void greedyContinuationMatches() {
        int[] ids = Fixtures.ids(fx.get("input_ids"), 0);
        int[] expected = Fixtures.ids(fx.get("greedy_continuation_ids"), 0);
        try (GsaSession s = model.newSession()) {
            ForwardResult r = s.prefill(ids, ProbeSpec.NONE);
            int next = argmax(r.logitsAt(ids.length - 1));
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], next, "continuation token " + i);
                next = argmax(s.step(next, ProbeSpec.NONE).logitsAt(0));
            }
        }
    }

    static int argmax(float[] x) {
        int b = 0;
        for (int i = 1; i < x.length; i++) if (x[i] > x[b]) b = i;
        return b;
    }
}
