package org.gsaexplorer.model.backend.nd4j;

import org.gsaexplorer.model.EngineAgreement;

import org.gsaexplorer.model.Fixtures;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.RecurrentState;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.ablation.Readout;
import org.gsaexplorer.model.backend.reference.ReferenceBackend;
import org.gsaexplorer.model.config.FeatureMap;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.weights.Checkpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The nd4j backend against the reference on the shipped sample model (short conv): ablations and interventions, state handling. */
class Nd4jVsReferenceTest {
    static final double TOL = 1e-4;
    static Checkpoint ckpt;
    static LoadedModel nd4j, ref;
    static GsaConfig c;

    @BeforeAll
    static void load() {
        ckpt = Checkpoint.open(Fixtures.sample("mqar-gsa-tiny").resolve("model"));
        nd4j = new Nd4jBackend().load(ckpt);
        ref = new ReferenceBackend().load(ckpt);
        c = nd4j.config();
    }

    @AfterAll
    static void close() {
        nd4j.close();
        ref.close();
        ckpt.close();
    }

    static int[] ids(int n) {
        return EngineAgreement.randomIds(n, c.vocabSize(), 11);
    }

    static Stream<Arguments> ablations() {
        Random r = new Random(3);
        float[] table = new float[c.numLayers() * c.numKvHeads() * c.numSlots()];
        for (int i = 0; i < table.length; i++) table[i] = 0.5f + 0.5f * r.nextFloat();
        return Stream.of(
                Ablations.NONE,
                Ablations.NONE.withNoForget(true),
                Ablations.NONE.withConstantDecay(0.9f),
                Ablations.NONE.withConstantDecay(0.1f),
                Ablations.NONE.withDecayTable(table),
                Ablations.NONE.withReadout(Readout.SWISH),
                Ablations.NONE.withReadout(Readout.RELU),
                Ablations.NONE.withReadout(Readout.RELU2),
                Ablations.NONE.withSlotBudget(24),
                Ablations.NONE.withFeatureMap(FeatureMap.RELU),
                Ablations.NONE.withFeatureMap(FeatureMap.RELU2),
                Ablations.NONE.withFeatureMap(FeatureMap.IDENTITY),
                Ablations.NONE.withResetAt(37),
                Ablations.NONE.withResetAt(0),
                Ablations.NONE.withReadout(Readout.RELU).withSlotBudget(16).withConstantDecay(0.5f).withResetAt(70),
                // the targeted interventions, with ranges inside and across the 64-token chunk boundary
                Ablations.parseAll(List.of("knockout=1:1:40@30")),
                Ablations.parseAll(List.of("knockout=0:0:5", "knockout=1:0:63@70")),
                Ablations.parseAll(List.of("force-gate=0:1:10=0.3@20-75", "force-gate=1:0:0=1", "force-gate=0:0:3=0")),
                Ablations.parseAll(List.of("clamp-readout=1:0:12", "clamp-readout=0:1:63")),
                Ablations.parseAll(List.of("zero-head=0:1")),
                Ablations.parseAll(List.of("slots=32", "knockout=1:1:4@10", "clamp-readout=0:0:2", "zero-head=1:1", "reset=50"))
        ).flatMap(a -> Stream.of(Arguments.of(a, false), Arguments.of(a, true)));
    }

    /** 90 tokens: past one 64-token chunk boundary in prefill, and past every reset position above. */
    @ParameterizedTest
    @MethodSource("ablations")
    void matchesReferenceUnderAblation(Ablations a, boolean prefill) {
        int[] ids = ids(90);
        ForwardResult expected, actual;
        try (GsaSession s = ref.newSession()) {
            s.setAblations(a);
            expected = Fixtures.run(s, ids, prefill, ProbeSpec.all(c.numLayers()));
        }
        try (GsaSession s = nd4j.newSession()) {
            s.setAblations(a);
            assertEquals(a, s.ablations());
            actual = Fixtures.run(s, ids, prefill, ProbeSpec.all(c.numLayers()));
        }
        EngineAgreement.assertClose(expected, actual, TOL, a.describe() + (prefill ? " prefill" : " step"));
    }

    @Test
    void stepAndPrefillAgree() {
        int[] ids = ids(150);
        ForwardResult stepped = Fixtures.run(nd4j, ids, false, ProbeSpec.of(1));
        ForwardResult prefilled = Fixtures.run(nd4j, ids, true, ProbeSpec.of(1));
        EngineAgreement.assertClose(stepped, prefilled, TOL, "step vs prefill");
        assertEquals(List.of(1), List.copyOf(prefilled.probes().keySet()));
    }

    @Test
    void mixedPrefillAndStepsContinueTheState() {
        int[] ids = ids(100);
        ForwardResult whole = Fixtures.run(ref, ids, true, ProbeSpec.NONE);
        try (GsaSession s = nd4j.newSession()) {
            ForwardResult a = s.prefill(Arrays.copyOfRange(ids, 0, 30), ProbeSpec.NONE);
            ForwardResult b = Fixtures.run(s, Arrays.copyOfRange(ids, 30, 40), false, ProbeSpec.NONE);
            ForwardResult d = s.prefill(Arrays.copyOfRange(ids, 40, 100), ProbeSpec.NONE);
            assertEquals(100, s.position());
            EngineAgreement.assertClose(whole, ForwardResult.concat(List.of(a, b, d)), TOL, "prefill, steps, prefill");
        }
    }

    @Test
    void saveRestoreRoundTripsAndCrossesBackends() {
        int[] ids = ids(60);
        int[] head = Arrays.copyOfRange(ids, 0, 35), tail = Arrays.copyOfRange(ids, 35, 60);
        try (GsaSession s = nd4j.newSession(); GsaSession r = ref.newSession()) {
            s.prefill(head, ProbeSpec.NONE);
            RecurrentState saved = s.saveState();
            assertEquals(35, saved.position());
            ForwardResult first = Fixtures.run(s, tail, false, ProbeSpec.all(2));
            s.restoreState(saved);
            assertEquals(35, s.position());
            ForwardResult again = s.prefill(tail, ProbeSpec.all(2));
            EngineAgreement.assertClose(first, again, TOL, "after restore");
            assertEquals(35, again.startPosition());

            r.restoreState(saved); // a state saved on nd4j continues on the reference, and back
            ForwardResult onRef = r.prefill(tail, ProbeSpec.all(2));
            EngineAgreement.assertClose(onRef, first, TOL, "nd4j state on reference");
            s.restoreState(r.saveState());
            assertEquals(60, s.position());
            EngineAgreement.assertClose(r.step(ids[0], ProbeSpec.of(0)), s.step(ids[0], ProbeSpec.of(0)), TOL, "reference state on nd4j");
        }
    }

    @Test
    void resetStartsOver() {
        int[] ids = ids(40);
        ForwardResult fresh = Fixtures.run(nd4j, ids, true, ProbeSpec.NONE);
        try (GsaSession s = nd4j.newSession()) {
            s.prefill(ids(70), ProbeSpec.NONE);
            s.reset();
            assertEquals(0, s.position());
            RecurrentState zero = s.saveState();
            for (float[] a : zero.keySlots()) assertArrayEquals(new float[a.length], a);
            for (float[] a : zero.convState()) assertArrayEquals(new float[a.length], a);
            EngineAgreement.assertClose(fresh, s.prefill(ids, ProbeSpec.NONE), 0, "after reset");
        }
    }

    @Test
    void rejectsTokensOutsideTheVocabularyAndForeignState() {
        try (GsaSession s = nd4j.newSession()) {
            assertThrows(GsaException.class, () -> s.step(c.vocabSize(), ProbeSpec.NONE));
            assertThrows(GsaException.class, () -> s.prefill(new int[]{1, -1}, ProbeSpec.NONE));
            assertEquals(0, s.position());
            RecurrentState bad = new RecurrentState(0, new float[c.numLayers()][3], new float[c.numLayers()][3], new float[c.numLayers()][0]);
            assertThrows(GsaException.class, () -> s.restoreState(bad));
            assertEquals("nd4j", s.backendName());
        }
    }
}
