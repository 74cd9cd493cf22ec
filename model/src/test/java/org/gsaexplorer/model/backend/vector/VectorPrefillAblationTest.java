package org.gsaexplorer.model.backend.vector;

import org.gsaexplorer.model.EngineAgreement;
import org.gsaexplorer.model.Fixtures;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.ablation.Readout;
import org.gsaexplorer.model.backend.reference.ReferenceBackend;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.weights.Checkpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

/**
 * The vector backend's prefill (its chunked slot memory inside the whole forward pass) against the reference's, on the
 * shipped sample with short conv, every layer probed, under ablations, gate edits, clamps, a zeroed head and a reset,
 * over 90 tokens: several vector chunks and past the reference's 64-token chunk.
 */
class VectorPrefillAblationTest {
    static Checkpoint ckpt;
    static LoadedModel vector, ref;

    @BeforeAll
    static void load() {
        ckpt = Checkpoint.open(Fixtures.sample("mqar-gsa-tiny").resolve("model"));
        vector = new VectorBackend().load(ckpt);
        ref = new ReferenceBackend().load(ckpt);
    }

    @AfterAll
    static void close() {
        vector.close();
        ref.close();
        ckpt.close();
    }

    static Stream<Ablations> ablations() {
        return Stream.of(Ablations.NONE, Ablations.NONE.withSlotBudget(24).withReadout(Readout.RELU2),
                Ablations.NONE.withConstantDecay(0.1f),
                Ablations.parseAll(List.of("knockout=1:1:40@30", "force-gate=0:1:10=0.3@20-75", "force-gate=1:0:0=1")),
                Ablations.parseAll(List.of("clamp-readout=0:1:63", "zero-head=1:1", "reset=50")));
    }

    @ParameterizedTest
    @MethodSource("ablations")
    void matchesTheReference(Ablations a) {
        int n = vector.config().numLayers();
        int[] ids = EngineAgreement.randomIds(90, vector.config().vocabSize(), 5);
        ForwardResult expected, actual;
        try (GsaSession s = ref.newSession()) {
            s.setAblations(a);
            expected = s.prefill(ids, ProbeSpec.all(n));
        }
        try (GsaSession s = vector.newSession()) {
            s.setAblations(a);
            actual = s.prefill(ids, ProbeSpec.all(n));
        }
        EngineAgreement.assertClose(expected, actual, 1e-4, a.describe());
    }
}
