package org.gsaexplorer.model.ablation;

import org.gsaexplorer.model.run.MeanDecay;
import org.gsaexplorer.model.Fixtures;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.RecurrentState;
import org.gsaexplorer.model.backend.reference.ReferenceBackend;
import org.gsaexplorer.model.config.FeatureMap;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.ops.Activations;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.LayerProbe;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.run.TraceRunner;
import org.gsaexplorer.model.weights.Checkpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each ablation changes exactly what it claims, checked on the dev fixture and on the short-conv sample. */
class AblationTest {
    static Checkpoint dev, sample;
    static LoadedModel devModel, sampleModel;
    static int[] ids;

    @BeforeAll
    static void load() {
        dev = Checkpoint.open(Fixtures.devModel());
        sample = Checkpoint.open(Fixtures.sample("mqar-gsa-tiny").resolve("model"));
        devModel = new ReferenceBackend().load(dev);
        sampleModel = new ReferenceBackend().load(sample);
        ids = Fixtures.ids(Fixtures.devArrays().get("input_ids"), 0);
    }

    @AfterAll
    static void close() {
        dev.close();
        sample.close();
    }

    static ForwardResult run(LoadedModel m, int[] ids, Ablations a, boolean step) {
        return TraceRunner.run(m, ids, step, a, ProbeSpec.all(m.config().numLayers()));
    }

    /** The state change of one kv head at one token, slot by slot: new − decay·old, per slot row. */
    static float[][] writes(float[] before, float[] after, int head, int m, int d, float[] decay) {
        float[][] rows = new float[m][d];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < d; j++) {
                int idx = (head * m + i) * d + j;
                rows[i][j] = after[idx] - decay[i] * before[idx];
            }
        return rows;
    }

    /** Every slot received the same vector scaled by its write weight: rows[i] = s[i]·k for one k. */
    static double rankOneError(float[][] rows, float[] s) {
        int best = 0;
        for (int i = 1; i < s.length; i++) if (s[i] > s[best]) best = i;
        double err = 0;
        for (int i = 0; i < rows.length; i++)
            for (int j = 0; j < rows[i].length; j++)
                err = Math.max(err, Math.abs(rows[i][j] - s[i] / s[best] * rows[best][j]));
        return err;
    }

    @Test
    void noForgetKeepsEverySlotAndOnlyAddsTheWrite() {
        Ablations a = Ablations.NONE.withNoForget(true);
        ForwardResult base = run(devModel, ids, Ablations.NONE, false);
        ForwardResult r = run(devModel, ids, a, false);
        GsaConfig c = dev.config();
        for (LayerProbe p : r.probes().values()) for (float x : p.alpha()) assertEquals(1f, x);
        // layer 0 sees the same input as the baseline, so its write weights are the model's own
        assertEquals(0.0, Fixtures.maxAbsDiff(r.probes().get(0).write(), base.probes().get(0).write()));
        // step by step: K̃_t − K̃_{t−1} = s_t ⊗ k̂_t (no decay term), so the change is rank one across slots
        try (GsaSession s = devModel.newSession()) {
            s.setAblations(a);
            float[] ones = new float[c.numSlots()];
            Arrays.fill(ones, 1f);
            for (int t = 0; t < 12; t++) {
                RecurrentState before = s.saveState();
                ForwardResult step = s.step(ids[t], ProbeSpec.of(0));
                float[] write = Arrays.copyOfRange(step.probes().get(0).write(), 0, c.numSlots());
                float[][] rows = writes(before.keySlots()[0], s.saveState().keySlots()[0], 0, c.numSlots(), c.headKDim(), ones);
                assertTrue(rankOneError(rows, write) < 1e-4, "token " + t);
            }
        }
    }

    @Test
    void baselineUpdateIsNotAPureWrite() {
        GsaConfig c = dev.config();
        try (GsaSession s = devModel.newSession()) {
            s.prefill(Arrays.copyOf(ids, 5), ProbeSpec.NONE);
            RecurrentState before = s.saveState();
            ForwardResult step = s.step(ids[5], ProbeSpec.of(0));
            float[] write = Arrays.copyOfRange(step.probes().get(0).write(), 0, c.numSlots());
            float[] ones = new float[c.numSlots()];
            Arrays.fill(ones, 1f);
            float[][] rows = writes(before.keySlots()[0], s.saveState().keySlots()[0], 0, c.numSlots(), c.headKDim(), ones);
            assertTrue(rankOneError(rows, write) > 1e-2, "with forgetting the old contents decay, so the check above can fail");
        }
    }

    @Test
    void constantDecayIsDataIndependent() {
        Ablations a = Ablations.NONE.withConstantDecay(0.9f);
        GsaConfig c = dev.config();
        ForwardResult r = run(devModel, ids, a, false);
        for (LayerProbe p : r.probes().values()) {
            for (float x : p.alpha()) assertEquals(0.9f, x);
            for (float x : p.write()) assertEquals(0.1f, x, 1e-7);
        }
        try (GsaSession s = devModel.newSession()) {
            s.setAblations(a);
            s.prefill(Arrays.copyOf(ids, 7), ProbeSpec.NONE);
            RecurrentState before = s.saveState();
            s.step(ids[7], ProbeSpec.NONE);
            float[] decay = new float[c.numSlots()], write = new float[c.numSlots()];
            Arrays.fill(decay, 0.9f);
            Arrays.fill(write, 0.1f);
            float[][] rows = writes(before.valueSlots()[1], s.saveState().valueSlots()[1], 2, c.numSlots(), c.headVDim(), decay);
            assertTrue(rankOneError(rows, write) < 1e-4);
        }
    }

    @Test
    void meanDecayUsesEachSlotsAverageGateOverThePrompt() {
        GsaConfig c = dev.config();
        ForwardResult base = run(devModel, ids, Ablations.NONE, false);
        Ablations a = MeanDecay.resolve(devModel, ids, Ablations.NONE.withMeanDecay(true));
        ForwardResult r = run(devModel, ids, a, false);
        for (int l = 0; l < c.numLayers(); l++) {
            LayerProbe b = base.probes().get(l), p = r.probes().get(l);
            for (int h = 0; h < c.numKvHeads(); h++)
                for (int i = 0; i < c.numSlots(); i++) {
                    double mean = 0;
                    for (int t = 0; t < ids.length; t++) mean += b.alpha()[b.kvIndex(t, h, i)];
                    mean /= ids.length;
                    for (int t = 0; t < ids.length; t++) assertEquals(mean, p.alpha()[p.kvIndex(t, h, i)], 1e-5);
                }
        }
        assertThrows(org.gsaexplorer.model.error.GsaException.class, () -> {
            try (GsaSession s = devModel.newSession()) {
                s.setAblations(Ablations.NONE.withMeanDecay(true));
            }
        });
    }

    @Test
    void readoutVariantsFollowTheirFormula() {
        for (Readout kind : new Readout[]{Readout.RELU, Readout.RELU2, Readout.SWISH}) {
            ForwardResult r = run(devModel, ids, Ablations.NONE.withReadout(kind), false);
            LayerProbe p = r.probes().get(1);
            int m = p.slots();
            for (int row = 0; row < p.readout().length / m; row++) {
                double norm = 0;
                float[] f = new float[m];
                for (int i = 0; i < m; i++) {
                    float z = p.readoutLogits()[row * m + i];
                    f[i] = switch (kind) {
                        case RELU -> Math.max(z, 0f);
                        case RELU2 -> z > 0 ? z * z : 0f;
                        default -> Activations.silu(z);
                    };
                    norm += Math.abs(f[i]);
                }
                for (int i = 0; i < m; i++)
                    assertEquals(f[i] / Math.max(norm, 1e-6), p.readout()[row * m + i], 1e-5, kind + " row " + row);
            }
        }
    }

    @Test
    void slotBudgetMasksTheRemainingSlots() {
        int budget = 16;
        ForwardResult r = run(devModel, ids, Ablations.NONE.withSlotBudget(budget), false);
        for (LayerProbe p : r.probes().values()) {
            int m = p.slots();
            for (int t = 0; t < p.tokens(); t++)
                for (int h = 0; h < p.kvHeads(); h++)
                    for (int i = budget; i < m; i++) {
                        int k = p.kvIndex(t, h, i);
                        assertEquals(0f, p.write()[k]);
                        assertEquals(0f, p.keyNorm()[k]);
                        assertEquals(0f, p.valueNorm()[k]);
                    }
            for (int row = 0; row < p.readout().length / m; row++) {
                double sum = 0;
                for (int i = 0; i < m; i++) {
                    if (i >= budget) assertEquals(0f, p.readout()[row * m + i]);
                    sum += p.readout()[row * m + i];
                }
                assertEquals(1.0, sum, 1e-5);
            }
        }
    }

    @Test
    void reluFeatureMapMakesEverySlotScoreNonNegative() {
        ForwardResult base = run(devModel, ids, Ablations.NONE, false);
        ForwardResult r = run(devModel, ids, Ablations.NONE.withFeatureMap(FeatureMap.RELU), false);
        float minBase = Float.MAX_VALUE, min = Float.MAX_VALUE;
        for (LayerProbe p : base.probes().values()) for (float z : p.readoutLogits()) minBase = Math.min(minBase, z);
        for (LayerProbe p : r.probes().values()) for (float z : p.readoutLogits()) min = Math.min(min, z);
        assertTrue(minBase < 0, "swish keys and queries give negative scores somewhere");
        assertTrue(min >= 0, "relu keys and queries cannot: " + min);
    }

    @Test
    void resetRestartsTheSequenceIncludingShortConvHistory() {
        int[] mqar = new int[40];
        for (int i = 0; i < mqar.length; i++) mqar[i] = (i * 37 + 11) % 256;
        int at = 17;
        for (boolean step : new boolean[]{false, true}) {
            ForwardResult base = run(sampleModel, mqar, Ablations.NONE, step);
            ForwardResult reset = run(sampleModel, mqar, Ablations.NONE.withResetAt(at), step);
            ForwardResult fresh = run(sampleModel, Arrays.copyOfRange(mqar, at, mqar.length), Ablations.NONE, step);
            int v = base.vocab();
            float[] before = Arrays.copyOf(reset.logits(), at * v);
            assertEquals(0.0, Fixtures.maxAbsDiff(before, Arrays.copyOf(base.logits(), at * v)), 1e-6);
            float[] after = Arrays.copyOfRange(reset.logits(), at * v, mqar.length * v);
            assertTrue(Fixtures.maxAbsDiff(after, fresh.logits()) < 1e-5, "after the reset the model sees a fresh sequence");
            assertTrue(Fixtures.maxAbsDiff(after, Arrays.copyOfRange(base.logits(), at * v, mqar.length * v)) > 1e-2);
        }
    }

    @Test
    void everyAblationGivesTheSameNumbersInStepAndPrefill() {
        int[] sampleIds = Arrays.stream(ids).map(i -> i % 256).toArray();
        Ablations[] all = {Ablations.NONE.withNoForget(true), Ablations.NONE.withConstantDecay(0.8f),
                Ablations.NONE.withReadout(Readout.RELU2), Ablations.NONE.withSlotBudget(8),
                Ablations.NONE.withFeatureMap(FeatureMap.IDENTITY), Ablations.NONE.withResetAt(30)};
        for (Ablations a : all) {
            ForwardResult p = run(sampleModel, sampleIds, a, false);
            ForwardResult s = run(sampleModel, sampleIds, a, true);
            // fp32 agreement: 1e-4, or 1e-5 relative where an ablation drives the logits far above the trained range
            double tol = Math.max(1e-4, 1e-5 * absMax(p.logits()));
            assertTrue(Fixtures.maxAbsDiff(p.logits(), s.logits()) < tol, a.describe() + " " + Fixtures.maxAbsDiff(p.logits(), s.logits()));
            float[] kp = p.probes().get(1).keyNorm(), ks = s.probes().get(1).keyNorm();
            // without forgetting the norms grow with the sequence, so compare them relative to their size
            assertTrue(Fixtures.maxAbsDiff(kp, ks) < 1e-4 * Math.max(1, absMax(kp)), a.describe() + " key norms");
        }
    }

    static float absMax(float[] x) {
        float m = 0;
        for (float v : x) m = Math.max(m, Math.abs(v));
        return m;
    }

    @Test
    void parsesCliSpecsAndRejectsBadOnes() {
        Ablations a = Ablations.parseAll(java.util.List.of("no-forget", "readout=relu", "slots=16", "feature-map=relu2", "reset=5"));
        assertEquals("no-forget, readout=relu, slots=16, feature-map=relu2, reset=5", a.describe());
        for (String bad : new String[]{"decay=2", "slots=0", "readout=tanh", "frobnicate", "no-forget=1", "decay=x", "reset=-1"})
            assertThrows(org.gsaexplorer.model.error.GsaException.class, () -> Ablations.parseAll(java.util.List.of(bad)), bad);
    }
}
