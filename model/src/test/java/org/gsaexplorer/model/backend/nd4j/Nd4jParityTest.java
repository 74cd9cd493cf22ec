package org.gsaexplorer.model.backend.nd4j;

import org.gsaexplorer.model.Fixtures;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.RecurrentState;
import org.gsaexplorer.model.io.NpyArray;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.weights.Checkpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

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

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void logitsMatchInStepAndPrefill(boolean prefill) {
        for (int seq = 0; seq < 2; seq++) {
            ForwardResult r = Nd4jTesting.run(model, Fixtures.ids(fx.get("input_ids"), seq), prefill, ProbeSpec.NONE);
            double err = Fixtures.maxAbsDiff(r.logits(), Fixtures.logits(fx.get("logits_ref"), seq));
            assertTrue(err < 1e-4, "seq " + seq + (prefill ? " prefill" : " step") + " max |Δlogit| = " + err);
        }
    }

    @Test
    void longPrefillAcrossChunksMatches() {
        ForwardResult r = Nd4jTesting.run(model, Fixtures.ids(fx.get("input_ids_long"), 1), true, ProbeSpec.NONE);
        double err = Fixtures.maxAbsDiff(r.logits(), Fixtures.logits(fx.get("logits_long_ref"), 1));
        assertTrue(err < 1e-4, "T=200 prefill max |Δlogit| = " + err);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void probesMatchRecordedInternals(boolean prefill) {
        ForwardResult r = Nd4jTesting.run(model, Fixtures.ids(fx.get("input_ids"), 0), prefill, ProbeSpec.all(2));
        Fixtures.assertProbesMatch(fx, r, 1e-4, prefill ? "prefill" : "step");
    }

    @Test
    void finalSlotMemoryAndGreedyContinuationMatch() {
        int[] ids = Fixtures.ids(fx.get("input_ids"), 0);
        int[] expected = Fixtures.ids(fx.get("greedy_continuation_ids"), 0);
        try (GsaSession s = model.newSession()) {
            ForwardResult r = s.prefill(ids, ProbeSpec.NONE);
            RecurrentState st = s.saveState();
            Fixtures.assertFinalSlotsMatch(fx, st, 1e-4);
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
