package org.gsaexplorer.model.backend.vector;

import org.gsaexplorer.model.EngineAgreement;
import org.gsaexplorer.model.Fixtures;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.backend.reference.ReferenceBackend;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.testing.SyntheticCheckpoint;
import org.gsaexplorer.model.weights.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link VectorSession}'s decode against the reference's steps, every layer probed: a grid of shapes no shipped
 * checkpoint covers (GQA, expand_k 0.5, 16 to 128 slots, key head dims 32 to 512, short convolutions, feature maps,
 * tied embeddings, no affine norms, bf16 weights), within 2e-4 relative as CudaShapeGridTest (key head dim 256 with
 * 128 slots sums 256-long dot products in another order: readout 1.1e-4); and on a grouped short-conv model every kind
 * of intervention within 1e-4, for steps alone and for a prefill continued by steps (positions carry across both).
 */
class VectorDecodeTest {
    static final double TOL = 1e-4, GRID_TOL = 2e-4;

    @Test
    void stepsMatchReferenceOverAGridOfShapes(@TempDir Path dir) {
        List<SyntheticCheckpoint> shapes = List.of(
                SyntheticCheckpoint.shape(128, 4, 2, 16).shortConv(true),
                SyntheticCheckpoint.shape(256, 4, 4, 32).expandK(0.5).seed(3),
                SyntheticCheckpoint.shape(256, 2, 2, 64).featureMap("relu").tied(true).seed(4),
                SyntheticCheckpoint.shape(512, 2, 1, 128).featureMap("t2r").shortConv(true).seed(5),
                SyntheticCheckpoint.shape(512, 1, 1, 64).affine(false).normalizer(16).seed(6),
                SyntheticCheckpoint.shape(256, 4, 2, 32).dtype(org.gsaexplorer.model.weights.DType.BF16).seed(7));
        for (int i = 0; i < shapes.size(); i++) {
            SyntheticCheckpoint spec = shapes.get(i);
            try (Checkpoint ck = Checkpoint.open(spec.write(dir.resolve("s" + i)));
                 LoadedModel fast = new VectorBackend().load(ck); LoadedModel ref = new ReferenceBackend().load(ck)) {
                int[] ids = EngineAgreement.randomIds(20, spec.vocabSize, 2);
                ProbeSpec probes = ProbeSpec.all(spec.numLayers);
                EngineAgreement.assertClose(Fixtures.run(ref, ids, false, probes), Fixtures.run(fast, ids, false, probes), GRID_TOL,
                        "shape " + i + " steps");
            }
        }
    }

    @Test
    void everyInterventionMatchesReference(@TempDir Path dir) {
        SyntheticCheckpoint grouped = new SyntheticCheckpoint().kvHeads(2).shortConv(true);
        grouped.hiddenSize = 128;
        grouped.intermediateSize = 256;
        List<List<String>> specs = List.of(
                List.of("knockout=1:1:3@30"),
                List.of("force-gate=0:1:10=0.3@20-75", "force-gate=1:0:0=1"),
                List.of("clamp-readout=1:0:12", "clamp-readout=0:3:15"),
                List.of("zero-head=0:1", "zero-head=1:3"),
                List.of("slots=12", "knockout=1:1:4@10", "readout=relu", "reset=50"),
                List.of("feature-map=relu", "no-forget"));
        try (Checkpoint ck = Checkpoint.open(grouped.write(dir.resolve("gqa-conv")));
             LoadedModel fast = new VectorBackend().load(ck); LoadedModel ref = new ReferenceBackend().load(ck)) {
            int[] ids = EngineAgreement.randomIds(70, Math.min(97, ck.config().vocabSize()), 5);
            for (List<String> s : specs) {
                Ablations a = Ablations.parseAll(s);
                EngineAgreement.assertClose(run(ref, a, ids, false), run(fast, a, ids, false), TOL, a.describe() + ": steps");
                EngineAgreement.assertClose(run(ref, a, ids, true), run(fast, a, ids, true), TOL, a.describe() + ": prefill, then steps");
            }
        }
    }

    private static ForwardResult run(LoadedModel m, Ablations a, int[] ids, boolean prefillFirst) {
        try (GsaSession s = m.newSession()) {
            s.setAblations(a);
            ProbeSpec probes = ProbeSpec.all(m.config().numLayers());
            List<ForwardResult> parts = new ArrayList<>();
            int from = prefillFirst ? 40 : 0;
            if (prefillFirst) parts.add(s.prefill(Arrays.copyOf(ids, from), probes));
            for (int i = from; i < ids.length; i++) parts.add(s.step(ids[i], probes));
            return ForwardResult.concat(parts);
        }
    }
}
