package org.gsaexplorer.model.backend.nd4j;

import org.gsaexplorer.model.Fixtures;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.RecurrentState;
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

import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The nd4j backend against FLA's dev fixture (float64 re-implementation checked against FLA). */
class Nd4jParityTest {
    static Checkpoint ckpt;
    static LoadedModel model;
    static Map<String, NpyArray> fx;

    @BeforeAll
    static void load() {
        ckpt = Checkpoint.open(Fixtures.devModel());
        model = new Nd4jBackend().load(ckpt);
        fx = Fixtures.devArrays();
    }

    @AfterAll
    static void close() {
        model.close();
        ckpt.close();
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
    void logitsMatchInStepAndPrefill(boolean prefill) {
        for (int seq = 0; seq < 2; seq++) {
            ForwardResult r = Nd4jTesting.run(model, Fixtures.ids(fx.get("input_ids"), seq), prefill, ProbeSpec.NONE);
            double err = Fixtures.maxAbsDiff(r.logits(), refLogits("logits_ref", seq));
            assertTrue(err < 1e-4, "seq " + seq + (prefill ? " prefill" : " step") + " max |Δlogit| = " + err);
        }
    }

    @Test
    void longPrefillAcrossChunksMatches() {
        ForwardResult r = Nd4jTesting.run(model, Fixtures.ids(fx.get("input_ids_long"), 1), true, ProbeSpec.NONE);
        double err = Fixtures.maxAbsDiff(r.logits(), refLogits("logits_long_ref", 1));
        assertTrue(err < 1e-4, "T=200 prefill max |Δlogit| = " + err);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void probesMatchRecordedInternals(boolean prefill) {
        ForwardResult r = Nd4jTesting.run(model, Fixtures.ids(fx.get("input_ids"), 0), prefill, ProbeSpec.all(2));
        Map<String, Function<LayerProbe, float[]>> arrays = Map.of(
                "seq0_alpha", LayerProbe::alpha, "seq0_write", LayerProbe::write,
                "seq0_readout", LayerProbe::readout, "seq0_readout_logits", LayerProbe::readoutLogits,
                "seq0_key_row_norm", LayerProbe::keyNorm, "seq0_value_row_norm", LayerProbe::valueNorm);
        for (var e : arrays.entrySet()) {
            NpyArray ref = fx.get(e.getKey());
            for (int l = 0; l < 2; l++) {
                float[] ours = e.getValue().apply(r.probes().get(l));
                float[] theirs = new float[ours.length];
                for (int i = 0; i < ours.length; i++) theirs[i] = (float) ref.data()[l * ours.length + i];
                double err = Fixtures.maxAbsDiff(ours, theirs);
                assertTrue(err < 1e-4, e.getKey() + " layer " + l + (prefill ? " prefill" : " step") + " max |Δ| = " + err);
            }
        }
    }

    @Test
    void finalSlotMemoryAndGreedyContinuationMatch() {
        int[] ids = Fixtures.ids(fx.get("input_ids"), 0);
        int[] expected = Fixtures.ids(fx.get("greedy_continuation_ids"), 0);
        try (GsaSession s = model.newSession()) {
            ForwardResult r = s.prefill(ids, ProbeSpec.NONE);
            RecurrentState st = s.saveState();
            for (int l = 0; l < 2; l++) {
                int n = st.keySlots()[l].length;
                float[] rk = new float[n], rv = new float[n];
                for (int i = 0; i < n; i++) {
                    rk[i] = (float) fx.get("seq0_key_mem_final").data()[l * n + i];
                    rv[i] = (float) fx.get("seq0_value_mem_final").data()[l * n + i];
                }
                assertTrue(Fixtures.maxAbsDiff(st.keySlots()[l], rk) < 1e-4);
                assertTrue(Fixtures.maxAbsDiff(st.valueSlots()[l], rv) < 1e-4);
            }
            assertEquals(48, s.position());
            int next = Nd4jTesting.argmax(r.logitsAt(ids.length - 1));
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], next, "continuation token " + i);
                next = Nd4jTesting.argmax(s.step(next, ProbeSpec.NONE).logitsAt(0));
            }
        }
    }

    @Test
    void deviceDescribesNd4j() {
        String d = new Nd4jBackend().device();
        assertTrue(d.startsWith("CPU, ND4J native ("), d);
    }
}
