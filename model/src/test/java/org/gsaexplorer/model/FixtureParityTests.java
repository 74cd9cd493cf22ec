package org.gsaexplorer.model;

import org.gsaexplorer.model.io.NpyArray;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.weights.Checkpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A CPU backend against FLA's dev fixture (float64 re-implementation, checked against FLA on an H100): logits in step
 * and prefill, a 200-token prefill across chunks, every recorded internal, the final slot memories and the greedy
 * continuation, all within 1e-4. Each backend's test class names its backend; the GPU's uses the same bounds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class FixtureParityTests {
    protected Checkpoint ckpt;
    protected LoadedModel model;
    protected Map<String, NpyArray> fx;

    protected abstract Backend backend();

    /** False where the backend cannot start here (no GPU): then the class loads nothing and its tests report skipped. */
    protected boolean runsHere() {
        return true;
    }

    @BeforeAll
    void load() {
        if (!runsHere()) return;
        ckpt = Checkpoint.open(Fixtures.devModel());
        model = backend().load(ckpt);
        fx = Fixtures.devArrays();
    }

    @AfterAll
    void close() {
        if (model == null) return;
        model.close();
        ckpt.close();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void logitsMatchInStepAndPrefill(boolean prefill) {
        for (int seq = 0; seq < 2; seq++) {
            ForwardResult r = Fixtures.run(model, Fixtures.ids(fx.get("input_ids"), seq), prefill, ProbeSpec.NONE);
            double err = Fixtures.maxAbsDiff(r.logits(), Fixtures.logits(fx.get("logits_ref"), seq));
            assertTrue(err < 1e-4, "seq " + seq + (prefill ? " prefill" : " step") + " max |Δlogit| = " + err);
        }
    }

    @Test
    void longPrefillAcrossChunksMatches() {
        ForwardResult r = Fixtures.run(model, Fixtures.ids(fx.get("input_ids_long"), 1), true, ProbeSpec.NONE);
        double err = Fixtures.maxAbsDiff(r.logits(), Fixtures.logits(fx.get("logits_long_ref"), 1));
        assertTrue(err < 1e-4, "T=200 prefill max |Δlogit| = " + err);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void probesMatchRecordedInternals(boolean prefill) {
        ForwardResult r = Fixtures.run(model, Fixtures.ids(fx.get("input_ids"), 0), prefill, ProbeSpec.all(2));
        Fixtures.assertProbesMatch(fx, r, 1e-4, prefill ? "prefill" : "step");
    }

    @Test
    void finalSlotMemoryAndGreedyContinuationMatch() {
        int[] ids = Fixtures.ids(fx.get("input_ids"), 0);
        int[] expected = Fixtures.ids(fx.get("greedy_continuation_ids"), 0);
        try (GsaSession s = model.newSession()) {
            ForwardResult r = s.prefill(ids, ProbeSpec.NONE);
            Fixtures.assertFinalSlotsMatch(fx, s.saveState(), 1e-4);
            assertEquals(48, s.position());
            int next = Fixtures.argmax(r.logitsAt(ids.length - 1));
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], next, "continuation token " + i);
                next = Fixtures.argmax(s.step(next, ProbeSpec.NONE).logitsAt(0));
            }
        }
    }
}
