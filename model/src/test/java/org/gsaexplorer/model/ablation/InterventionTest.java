package org.gsaexplorer.model.ablation;

import org.gsaexplorer.model.EngineAgreement;
import org.gsaexplorer.model.Fixtures;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.RecurrentState;
import org.gsaexplorer.model.backend.reference.ReferenceBackend;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.LayerProbe;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.run.TraceRunner;
import org.gsaexplorer.model.testing.SyntheticCheckpoint;
import org.gsaexplorer.model.weights.Checkpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each targeted intervention against its equation (docs/gsa-forward.md §7) on the reference backend, on a tiny random
 * model with grouped heads (4 query heads on 2 kv heads, 16 slots, 2 layers): the state after every token, the
 * recorded gates and readouts, and the chunked prefill agreeing with the token-by-token recurrence.
 */
class InterventionTest {
    @TempDir
    static Path dir;
    static Checkpoint ck;
    static LoadedModel model;
    static GsaConfig c;
    static final int[] IDS = EngineAgreement.randomIds(20, 97, 11);

    @BeforeAll
    static void load() {
        ck = Checkpoint.open(new SyntheticCheckpoint().kvHeads(2).write(dir.resolve("gqa")));
        model = new ReferenceBackend().load(ck);
        c = ck.config();
    }

    @AfterAll
    static void close() {
        ck.close();
    }

    /** The run token by token: the state after each token and the probes of every layer. */
    record Stepped(List<RecurrentState> states, ForwardResult result) {
    }

    static Stepped step(Ablations a) {
        List<RecurrentState> states = new ArrayList<>();
        List<ForwardResult> parts = new ArrayList<>();
        try (GsaSession s = model.newSession()) {
            s.setAblations(a);
            for (int id : IDS) {
                parts.add(s.step(id, ProbeSpec.all(c.numLayers())));
                states.add(s.saveState());
            }
        }
        return new Stepped(states, ForwardResult.concat(parts));
    }

    static Ablations parse(String... specs) {
        return Ablations.parseAll(List.of(specs));
    }

    /** Row {@code slot} of kv head {@code head} in a layer's key ({@code dk}) or value ({@code dv}) slots. */
    static float[] row(float[] slots, int head, int slot, int width) {
        int off = (head * c.numSlots() + slot) * width;
        return java.util.Arrays.copyOfRange(slots, off, off + width);
    }

    /** The chunked prefill is the same computation: logits and probes within 1e-4 of the recurrence. */
    static void prefillAgrees(Ablations a, Stepped stepped) {
        ForwardResult prefill = TraceRunner.run(model, IDS, false, a, ProbeSpec.all(c.numLayers()));
        EngineAgreement.assertClose(stepped.result(), prefill, 1e-4, a.describe());
    }

    @Test
    void knockoutEmptiesTheSlotAtTAndNeverWritesItAgain() {
        int layer = 1, head = 1, slot = 3, at = 5;
        Ablations a = parse("knockout=1:1:3@5");
        Stepped base = step(Ablations.NONE), ko = step(a);
        for (int t = 0; t < IDS.length; t++) {
            RecurrentState s = ko.states().get(t);
            float[] k = row(s.keySlots()[layer], head, slot, c.headKDim()), v = row(s.valueSlots()[layer], head, slot, c.headVDim());
            LayerProbe p = ko.result().probes().get(layer);
            if (t >= at) {
                for (float x : k) assertEquals(0f, Math.abs(x), "key row at token " + t);
                for (float x : v) assertEquals(0f, Math.abs(x), "value row at token " + t);
                assertEquals(0f, p.alpha()[p.kvIndex(t, head, slot)]);
                assertEquals(0f, p.write()[p.kvIndex(t, head, slot)]);
                for (int hq = head * c.groups(); hq < (head + 1) * c.groups(); hq++)
                    assertEquals(0f, Math.abs(p.readoutLogits()[p.qIndex(t, hq, slot)]), "z = <0, q> at token " + t);
            } else {
                // before T nothing has changed anywhere
                RecurrentState b = base.states().get(t);
                for (int l = 0; l < c.numLayers(); l++) {
                    assertEquals(0.0, Fixtures.maxAbsDiff(b.keySlots()[l], s.keySlots()[l]), "token " + t);
                    assertEquals(0.0, Fixtures.maxAbsDiff(b.valueSlots()[l], s.valueSlots()[l]), "token " + t);
                }
            }
        }
        float[] kBefore = row(base.states().get(at - 1).keySlots()[layer], head, slot, c.headKDim());
        assertTrue(EngineAgreement.scale(kBefore) > 0 && kBefore[0] != 0f, "the slot held something before T");
        assertNotEquals(0.0, Fixtures.maxAbsDiff(base.result().logits(), ko.result().logits()));
        prefillAgrees(a, ko);
    }

    @Test
    void forceGateMakesTheSlotDecayByAAndWrite1MinusA() {
        int layer = 0, head = 0, slot = 2, from = 3, to = 7;
        float alpha = 0.25f;
        Ablations a = parse("force-gate=0:0:2=0.25@3-7");
        Stepped fg = step(a);
        LayerProbe p = fg.result().probes().get(layer);
        int dk = c.headKDim();
        for (int t = 1; t < IDS.length; t++) {
            float al = p.alpha()[p.kvIndex(t, head, slot)], s = p.write()[p.kvIndex(t, head, slot)];
            if (t < from || t > to) {
                assertNotEquals(alpha, al, "outside the range the model's own gate, token " + t);
                assertEquals(1f, al + s, 1e-6);
                continue;
            }
            assertEquals(alpha, al);
            assertEquals(1f - alpha, s);
            // k̂_t from another slot's update: K̃_t[m'] − α_t[m']·K̃_{t−1}[m'] = s_t[m']·k̂_t
            int other = slot == 0 ? 1 : 0;
            float ao = p.alpha()[p.kvIndex(t, head, other)], so = p.write()[p.kvIndex(t, head, other)];
            float[] prevO = row(fg.states().get(t - 1).keySlots()[layer], head, other, dk), nowO = row(fg.states().get(t).keySlots()[layer], head, other, dk);
            float[] prev = row(fg.states().get(t - 1).keySlots()[layer], head, slot, dk), now = row(fg.states().get(t).keySlots()[layer], head, slot, dk);
            for (int j = 0; j < dk; j++) {
                double kHat = (nowO[j] - ao * prevO[j]) / so;
                double want = alpha * prev[j] + (1 - alpha) * kHat;
                assertEquals(want, now[j], 1e-4 * Math.max(1, Math.abs(want)), "K̃_t[M] = A·K̃_{t−1}[M] + (1 − A)·k̂_t at token " + t);
            }
        }
        prefillAgrees(a, fg);
    }

    @Test
    void clampReadoutMakesTheReadoutOneHotOnTheSlot() {
        int layer = 1, qHead = 3, slot = 5;
        Ablations a = parse("clamp-readout=1:3:5");
        Stepped base = step(Ablations.NONE), cl = step(a);
        LayerProbe p = cl.result().probes().get(layer), pb = base.result().probes().get(layer);
        for (int t = 0; t < IDS.length; t++) {
            for (int m = 0; m < c.numSlots(); m++)
                assertEquals(m == slot ? 1f : 0f, p.readout()[p.qIndex(t, qHead, m)], "p at token " + t + " slot " + m);
            // the scores are computed as usual: layer 1's slot memory sees the same inputs as without the clamp
            for (int m = 0; m < c.numSlots(); m++)
                assertEquals(pb.readoutLogits()[pb.qIndex(t, qHead, m)], p.readoutLogits()[p.qIndex(t, qHead, m)], 1e-6);
            // the other heads keep their softmax
            for (int m = 0; m < c.numSlots(); m++)
                assertEquals(pb.readout()[pb.qIndex(t, 0, m)], p.readout()[p.qIndex(t, 0, m)], 1e-6);
        }
        assertNotEquals(0.0, Fixtures.maxAbsDiff(base.result().logits(), cl.result().logits()));
        prefillAgrees(a, cl);
    }

    /**
     * Zeroing every head of a layer makes its attention output exactly 0: the same model with that layer's o_proj
     * zeroed (same seed, so every other weight is the same) gives the same logits.
     */
    @Test
    void zeroingEveryHeadOfALayerIsTheLayerWithoutAttentionOutput() {
        SyntheticCheckpoint silentSpec = new SyntheticCheckpoint().kvHeads(2);
        silentSpec.silentLayer = 0;
        try (Checkpoint silent = Checkpoint.open(silentSpec.write(dir.resolve("silent")));
             LoadedModel silentModel = new ReferenceBackend().load(silent)) {
            Ablations a = parse("zero-head=0:0", "zero-head=0:1", "zero-head=0:2", "zero-head=0:3");
            for (boolean stepwise : new boolean[]{true, false}) {
                ForwardResult want = TraceRunner.run(silentModel, IDS, stepwise, Ablations.NONE, ProbeSpec.NONE);
                ForwardResult got = TraceRunner.run(model, IDS, stepwise, a, ProbeSpec.NONE);
                assertTrue(Fixtures.maxAbsDiff(want.logits(), got.logits()) < 1e-5, "stepwise " + stepwise);
            }
        }
    }

    /** One zeroed head changes the layer's output but not the layer's own slot memory (gates, scores, readouts). */
    @Test
    void zeroHeadLeavesTheLayersSlotMemoryAlone() {
        Ablations a = parse("zero-head=0:2");
        Stepped base = step(Ablations.NONE), z = step(a);
        LayerProbe pb = base.result().probes().get(0), pz = z.result().probes().get(0);
        for (var probe : Fixtures.PROBES.entrySet())
            assertEquals(0.0, Fixtures.maxAbsDiff(probe.getValue().apply(pb), probe.getValue().apply(pz)), probe.getKey());
        assertNotEquals(0.0, Fixtures.maxAbsDiff(base.result().logits(), z.result().logits()));
        prefillAgrees(a, z);
    }

    /** Later interventions win; knockout and force-gate compose with the model-wide ablations. */
    @Test
    void interventionsComposeInOrder() {
        Ablations a = parse("no-forget", "force-gate=1:0:4=0.5", "knockout=1:0:4@10", "clamp-readout=0:1:7");
        Stepped r = step(a);
        LayerProbe p1 = r.result().probes().get(1);
        for (int t = 0; t < IDS.length; t++) {
            assertEquals(t < 10 ? 0.5f : 0f, p1.alpha()[p1.kvIndex(t, 0, 4)]);
            assertEquals(1f, p1.alpha()[p1.kvIndex(t, 0, 5)], "no-forget elsewhere");
        }
        prefillAgrees(a, r);
    }

    @Test
    void specsReadBackFromTheirDescription() {
        Ablations a = parse("slots=8", "knockout=1:1:3", "knockout=0:0:1@4", "force-gate=1:0:2=0.75@2-9", "force-gate=0:1:0=1",
                "clamp-readout=1:3:5", "zero-head=0:2");
        assertEquals(7, a.describe().split(", ").length);
        assertEquals(a.describe(), Ablations.parseAll(List.of(a.describe().split(", "))).describe());
        assertEquals(a.interventions(), Ablations.parseAll(List.of(a.describe().split(", "))).interventions());
    }

    @Test
    void badSpecsAreOneLine() {
        for (String bad : new String[]{"knockout", "knockout=1:2", "knockout=a:0:0", "knockout=0:0:0@x", "knockout=0:-1:0",
                "force-gate=0:0:0", "force-gate=0:0:0=1.5", "force-gate=0:0:0=-0.1", "force-gate=0:0:0=NaN", "force-gate=0:0:0=0.5@5-2",
                "force-gate=0:0:0=0.5@5", "force-gate=0:0:0=x", "clamp-readout=0:0", "zero-head=0", "zero-head=0:1:2"}) {
            GsaException e = assertThrows(GsaException.class, () -> Ablations.parseAll(List.of(bad)), bad);
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
        // in range for the parser, not for the model: refused when set on a session, naming what is out of range
        try (GsaSession s = model.newSession()) {
            for (String bad : new String[]{"knockout=2:0:0", "knockout=0:2:0", "knockout=0:0:16", "force-gate=0:0:16=0.5",
                    "clamp-readout=0:4:0", "clamp-readout=0:0:16", "zero-head=2:0", "zero-head=0:4"}) {
                GsaException e = assertThrows(GsaException.class, () -> s.setAblations(parse(bad)), bad);
                assertTrue(e.getMessage().contains("outside the model's"), e.getMessage());
                assertEquals(Ablations.NONE, s.ablations(), "a refused spec leaves the session as it was");
            }
        }
    }
}
