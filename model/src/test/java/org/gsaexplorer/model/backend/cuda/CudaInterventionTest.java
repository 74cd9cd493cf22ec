package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.EngineAgreement;
import org.gsaexplorer.model.Fixtures;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.backend.cuda.runtime.CudaDevice;
import org.gsaexplorer.model.backend.reference.ReferenceBackend;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.testing.SyntheticCheckpoint;
import org.gsaexplorer.model.weights.Checkpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The targeted interventions (knockout, force-gate, clamp-readout, zero-head) on the GPU against the reference, within
 * 1e-4 relative: the dev fixture (4 heads, 64 slots) and a grouped short-conv model (4 query heads on 2 kv heads, 16
 * slots); decode steps (uncaptured while gate edits depend on the position, and with the fused step asked for),
 * chunked prefill and the token-by-token scans, over 90 tokens (ranges inside and across the 64-token chunk edge),
 * and a prefill continued by decode steps so that positions carry across both.
 */
@RequiresGpu
class CudaInterventionTest {
    static final double TOL = 1e-4;
    static final List<List<String>> SPECS = List.of(
            List.of("knockout=1:1:3@30"),
            List.of("knockout=0:0:5", "knockout=1:0:15@70"),
            List.of("force-gate=0:1:10=0.3@20-75", "force-gate=1:0:0=1", "force-gate=0:0:3=0"),
            List.of("clamp-readout=1:0:12", "clamp-readout=0:3:15"),
            List.of("zero-head=0:1", "zero-head=1:3"),
            List.of("slots=12", "knockout=1:1:4@10", "clamp-readout=0:0:2", "zero-head=1:1", "reset=50"));

    @TempDir
    static Path dir;
    static CudaBackend cuda;
    static List<Checkpoint> checkpoints = new ArrayList<>();

    @BeforeAll
    static void open() {
        if (!RequiresGpu.Condition.available()) return;
        cuda = new CudaBackend();
        checkpoints.add(Checkpoint.open(Fixtures.devModel()));
        SyntheticCheckpoint grouped = new SyntheticCheckpoint().kvHeads(2).shortConv(true);
        grouped.hiddenSize = 128; // key head dim 32, as CudaShapeGridTest's grouped short-conv shape
        grouped.intermediateSize = 256;
        checkpoints.add(Checkpoint.open(grouped.write(dir.resolve("gqa-conv"))));
    }

    @AfterAll
    static void close() {
        for (Checkpoint c : checkpoints) c.close();
    }

    interface Mode {
        ForwardResult run(GsaSession s, int[] ids, ProbeSpec probes);
    }

    static ForwardResult run(LoadedModel m, Ablations a, int[] ids, Mode mode, boolean chunked, boolean fused) {
        try (GsaSession s = m.newSession()) {
            if (s instanceof CudaSession cs) {
                cs.useChunkedPrefill(chunked);
                cs.useFusedSlotStep(fused);
            }
            s.setAblations(a);
            return mode.run(s, ids, ProbeSpec.all(m.config().numLayers()));
        }
    }

    static ForwardResult steps(GsaSession s, int[] ids, ProbeSpec p) {
        return Fixtures.run(s, ids, false, p);
    }

    static ForwardResult prefillThenSteps(GsaSession s, int[] ids, ProbeSpec p) {
        List<ForwardResult> parts = new ArrayList<>();
        parts.add(s.prefill(Arrays.copyOf(ids, 40), p));
        for (int i = 40; i < ids.length; i++) parts.add(s.step(ids[i], p));
        return ForwardResult.concat(parts);
    }

    @Test
    void everyInterventionMatchesReference() {
        boolean clusters = CudaDevice.get().clusters;
        for (Checkpoint ck : checkpoints)
            try (CudaModel gpu = cuda.load(ck, null); LoadedModel ref = new ReferenceBackend().load(ck)) {
                int[] ids = EngineAgreement.randomIds(90, Math.min(97, ck.config().vocabSize()), 5);
                for (List<String> specs : SPECS) {
                    Ablations a = Ablations.parseAll(specs);
                    String what = ck.config().numKvHeads() + " kv heads, " + a.describe();
                    ForwardResult stepped = run(ref, a, ids, CudaInterventionTest::steps, true, false);
                    ForwardResult prefilled = run(ref, a, ids, (s, i, p) -> s.prefill(i, p), true, false);
                    EngineAgreement.assertClose(stepped, run(gpu, a, ids, CudaInterventionTest::steps, true, false), TOL, what + ": step");
                    EngineAgreement.assertClose(prefilled, run(gpu, a, ids, (s, i, p) -> s.prefill(i, p), true, false), TOL, what + ": chunked prefill");
                    EngineAgreement.assertClose(prefilled, run(gpu, a, ids, (s, i, p) -> s.prefill(i, p), false, false), TOL, what + ": scan prefill");
                    EngineAgreement.assertClose(run(ref, a, ids, CudaInterventionTest::prefillThenSteps, true, false),
                            run(gpu, a, ids, CudaInterventionTest::prefillThenSteps, true, false), TOL, what + ": prefill, then steps");
                    if (clusters)
                        EngineAgreement.assertClose(stepped, run(gpu, a, ids, CudaInterventionTest::steps, true, true), TOL, what + ": fused step asked for");
                    System.out.printf("interventions on cuda: %-70s within %.0e of reference%n", what, TOL);
                }
            }
    }

    /** Device-side greedy steps (the bench's loop) apply the gate edits at the positions they reach. */
    @Test
    void greedyLoopAppliesGateEditsAtTheirPositions() {
        Checkpoint ck = checkpoints.getFirst();
        Ablations a = Ablations.parseAll(List.of("knockout=0:2:7@22", "force-gate=1:1:9=0.05@24-30"));
        int[] ids = EngineAgreement.randomIds(20, 97, 6);
        try (CudaModel gpu = cuda.load(ck, null); LoadedModel ref = new ReferenceBackend().load(ck);
             CudaSession s = gpu.newSession(); GsaSession r = ref.newSession()) {
            s.setAblations(a);
            r.setAblations(a);
            int next = Fixtures.argmax(r.prefill(ids, ProbeSpec.NONE).logitsAt(ids.length - 1));
            s.prefill(ids, ProbeSpec.NONE);
            int first = next;
            for (int i = 0; i < 12; i++) next = Fixtures.argmax(r.step(next, ProbeSpec.NONE).logitsAt(0));
            s.greedyLoop(first, 12, new int[0]);
            assertEquals(next, s.greedyNext());
            assertEquals(r.position(), s.position());
        }
    }
}
