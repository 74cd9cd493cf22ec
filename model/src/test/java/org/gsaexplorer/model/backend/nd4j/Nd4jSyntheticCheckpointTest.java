package org.gsaexplorer.model.backend.nd4j;

import org.gsaexplorer.model.EngineAgreement;

import org.gsaexplorer.model.Fixtures;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.backend.reference.ReferenceBackend;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.testing.SyntheticCheckpoint;
import org.gsaexplorer.model.weights.Checkpoint;
import org.gsaexplorer.model.weights.DType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** nd4j against the reference on random checkpoints covering the config flags the shipped models do not use. */
class Nd4jSyntheticCheckpointTest {
    static final double TOL = 1e-4;

    static Stream<Arguments> configs() {
        return Stream.of(
                Arguments.of("gqa-conv", new SyntheticCheckpoint().kvHeads(2).shortConv(true)),
                Arguments.of("relu-expandk-noaffine-tied", new SyntheticCheckpoint().featureMap("relu").expandK(0.5).affine(false).tied(true)),
                Arguments.of("t2r-gqa-tau16", new SyntheticCheckpoint().featureMap("t2r").kvHeads(2).normalizer(16)),
                Arguments.of("t2r-conv-bf16", new SyntheticCheckpoint().featureMap("t2r").shortConv(true).dtype(DType.BF16).seed(9)),
                Arguments.of("gqa1-f16-tied-conv2", new SyntheticCheckpoint().kvHeads(1).tied(true).shortConv(true).dtype(DType.F16).seed(5)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void matchesReferenceInBothModes(String name, SyntheticCheckpoint spec, @TempDir Path dir) {
        if (name.endsWith("conv2")) spec.convSize = 2;
        try (Checkpoint ckpt = Checkpoint.open(spec.write(dir.resolve(name)));
             LoadedModel nd4j = new Nd4jBackend().load(ckpt); LoadedModel ref = new ReferenceBackend().load(ckpt)) {
            int[] ids = EngineAgreement.randomIds(140, spec.vocabSize, 1);
            ProbeSpec all = ProbeSpec.all(spec.numLayers);
            ForwardResult refStep = Fixtures.run(ref, ids, false, all);
            for (boolean prefill : new boolean[]{false, true})
                EngineAgreement.assertClose(refStep, Fixtures.run(nd4j, ids, prefill, all), TOL, name + (prefill ? " prefill" : " step"));
            EngineAgreement.assertClose(Fixtures.run(ref, ids, true, all), Fixtures.run(nd4j, ids, true, all), TOL, name + " prefill vs reference prefill");
            assertTrue(peaked(refStep), name + ": readouts are near-uniform, so the test would not see slot mix-ups");
        }
    }

    /** Some readout weight well above uniform 1/M. */
    private static boolean peaked(ForwardResult r) {
        float max = 0;
        for (var p : r.probes().values()) for (float x : p.readout()) max = Math.max(max, x);
        return max > 0.3f;
    }
}
