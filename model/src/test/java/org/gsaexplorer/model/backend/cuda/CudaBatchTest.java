package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.BatchedSession;
import org.gsaexplorer.model.EngineAgreement;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.testing.SyntheticCheckpoint;
import org.gsaexplorer.model.weights.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A batch run as one on the GPU ({@link CudaBatchSession}) against each sequence run alone in a {@link GsaSession}:
 * prefill (chunked slot memory, chunk edges crossed), then decode steps continuing from it, every layer probed, within
 * 1e-5 relative to each array's scale. The slot kernels compute each sequence exactly as alone; the projections are
 * cuBLAS GEMMs over B·T rather than T rows, for which cuBLAS picks its algorithm (and so its summation order) by the
 * row count: on the H200 that moved the readout of the most rounding-sensitive shape (key head dim 256, 128 slots) by
 * 1.25e-5 in one run and 6.3e-5 in another, so that shape gets its engine-vs-reference bound, 2e-4. All sequences of a batch take the same number of tokens (ragged batches are refused, one
 * test).
 */
@RequiresGpu
class CudaBatchTest {
    static final double TOL = 1e-5;

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of("dk32-gqa-conv-m16", SyntheticCheckpoint.shape(128, 4, 2, 16).shortConv(true), 4, 70, TOL),
                Arguments.of("dk128-relu-tied-m64", SyntheticCheckpoint.shape(256, 2, 2, 64).featureMap("relu").tied(true).seed(4), 3, 130, TOL),
                Arguments.of("dk256-t2r-conv-m128", SyntheticCheckpoint.shape(512, 2, 1, 128).featureMap("t2r").shortConv(true).seed(5), 5, 33, 2e-4));
    }

    @ParameterizedTest(name = "{0} B={2} T={3}")
    @MethodSource("shapes")
    void batchEqualsEachSequenceAlone(String name, SyntheticCheckpoint spec, int batch, int t, double tol, @TempDir Path dir) {
        int steps = 3;
        int[][] ids = new int[batch][];
        for (int b = 0; b < batch; b++) ids[b] = EngineAgreement.randomIds(t + steps, spec.vocabSize, 10 + b);
        ProbeSpec probes = ProbeSpec.all(spec.numLayers);
        try (Checkpoint ckpt = Checkpoint.open(spec.write(dir.resolve(name))); CudaModel model = new CudaBackend().load(ckpt, null)) {
            compare(model, Ablations.NONE, ids, t, steps, probes, tol, name);
        }
    }

    /** The largest batch: 64 sequences, prefill and decode, against 64 sessions. */
    @Test
    void sixtyFourSequences(@TempDir Path dir) {
        SyntheticCheckpoint spec = SyntheticCheckpoint.shape(128, 4, 2, 16).shortConv(true);
        int batch = BatchedSession.MAX_SIZE, t = 9, steps = 2;
        int[][] ids = new int[batch][];
        for (int b = 0; b < batch; b++) ids[b] = EngineAgreement.randomIds(t + steps, spec.vocabSize, 100 + b);
        try (Checkpoint ckpt = Checkpoint.open(spec.write(dir.resolve("m"))); CudaModel model = new CudaBackend().load(ckpt, null)) {
            compare(model, Ablations.NONE, ids, t, steps, ProbeSpec.of(1), TOL, "B=64");
        }
    }

    /** Prefill of ids[b][0, t) then steps, the batch against sessions of their own. */
    private static void compare(CudaModel model, Ablations ablations, int[][] ids, int t, int steps, ProbeSpec probes, double tol, String what) {
        int batch = ids.length;
        ForwardResult[][] got = new ForwardResult[batch][steps + 1];
        try (BatchedSession s = model.newBatch(batch)) {
            s.setAblations(ablations);
            int[][] prompt = new int[batch][];
            for (int b = 0; b < batch; b++) prompt[b] = Arrays.copyOf(ids[b], t);
            List<ForwardResult> pre = s.prefill(prompt, probes);
            for (int b = 0; b < batch; b++) got[b][0] = pre.get(b);
            for (int i = 0; i < steps; i++) {
                int[] col = new int[batch];
                for (int b = 0; b < batch; b++) col[b] = ids[b][t + i];
                List<ForwardResult> r = s.step(col, probes);
                for (int b = 0; b < batch; b++) got[b][i + 1] = r.get(b);
            }
            assertEquals(t + steps, s.position());
        }
        for (int b = 0; b < batch; b++) {
            try (GsaSession one = model.newSession()) {
                one.setAblations(ablations);
                EngineAgreement.assertClose(one.prefill(Arrays.copyOf(ids[b], t), probes), got[b][0], tol, what + " prefill, sequence " + b);
                for (int i = 0; i < steps; i++)
                    EngineAgreement.assertClose(one.step(ids[b][t + i], probes), got[b][i + 1], tol, what + " step " + i + ", sequence " + b);
            }
        }
    }

    static Stream<Arguments> ablations() {
        return Stream.of(
                Arguments.of("reset=50", Ablations.NONE.withResetAt(50)),
                // gate edits inside the prompt and over the decode steps (positions 80..82), a clamped and a zeroed head
                Arguments.of("interventions", Ablations.parseAll(List.of("knockout=0:1:3@20", "force-gate=1:0:5=0.9@10-60",
                        "force-gate=1:1:2=0.2@79-81", "clamp-readout=1:2:7", "zero-head=0:1"))));
    }

    /** Ablations apply to every sequence of a batch at the same positions as in a session of its own. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("ablations")
    void ablationsApplyToEverySequence(String name, Ablations ablations, @TempDir Path dir) {
        SyntheticCheckpoint spec = SyntheticCheckpoint.shape(128, 4, 2, 16).shortConv(true);
        int batch = 3, t = 80, steps = 3;
        int[][] ids = new int[batch][];
        for (int b = 0; b < batch; b++) ids[b] = EngineAgreement.randomIds(t + steps, spec.vocabSize, 1 + b);
        try (Checkpoint ckpt = Checkpoint.open(spec.write(dir.resolve("m"))); CudaModel model = new CudaBackend().load(ckpt, null)) {
            compare(model, ablations, ids, t, steps, ProbeSpec.all(spec.numLayers), TOL, name);
        }
    }

    @Test
    void raggedOrWrongSizedBatchesAreOneLineErrors(@TempDir Path dir) {
        SyntheticCheckpoint spec = SyntheticCheckpoint.shape(128, 4, 2, 16);
        try (Checkpoint ckpt = Checkpoint.open(spec.write(dir.resolve("m"))); CudaModel model = new CudaBackend().load(ckpt, null);
             BatchedSession s = model.newBatch(2)) {
            GsaException e = assertThrows(GsaException.class, () -> s.prefill(new int[][]{{1, 2, 3}, {4, 5}}, ProbeSpec.NONE));
            assertTrue(e.getMessage().contains("same number of tokens"), e.getMessage());
            e = assertThrows(GsaException.class, () -> s.step(new int[]{1, 2, 3}, ProbeSpec.NONE));
            assertTrue(e.getMessage().contains("a batch of 2 sequences was given 3"), e.getMessage());
            assertThrows(GsaException.class, () -> s.step(new int[]{1, spec.vocabSize}, ProbeSpec.NONE));
            assertEquals(0, s.position());
            assertThrows(GsaException.class, () -> model.newBatch(BatchedSession.MAX_SIZE + 1));
        }
    }
}
