package org.gsaexplorer.model.eval;

import org.gsaexplorer.model.Fixtures;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.backend.Backends;
import org.gsaexplorer.model.backend.cuda.RequiresGpu;
import org.gsaexplorer.model.io.NpyArray;
import org.gsaexplorer.model.io.Npz;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.tokenizer.GsaTokenizer;
import org.gsaexplorer.model.weights.Checkpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The bundled byte-level Rust model against its fixture: 200 held-out bytes and the logits an independent float64
 * implementation computed for them. The prompt goes in as text, through the shipped tokenizer.
 */
class RustSampleTest {
    static final Path DIR = Fixtures.sample("rust-docs-gsa");
    static int[] ids;
    static double[] reference;
    static Checkpoint checkpoint;
    static String text;

    @BeforeAll
    static void load() {
        Map<String, NpyArray> fx = Npz.read(DIR.resolve("fixture.npz"));
        ids = fx.get("input_ids").toInts();
        reference = fx.get("logits_ref").data();
        byte[] raw = new byte[ids.length];
        for (int i = 0; i < raw.length; i++) raw[i] = (byte) ids[i];
        text = new String(raw, StandardCharsets.UTF_8);
        checkpoint = Checkpoint.open(DIR.resolve("model"));
    }

    @AfterAll
    static void close() {
        checkpoint.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "nd4j", "vector"})
    void textPromptMatchesTheFloat64Logits(String backend) {
        int[] prompt;
        try (GsaTokenizer tok = GsaTokenizer.forCheckpoint(DIR.resolve("model"), 256)) {
            prompt = tok.encode(text);
        }
        assertArrayEquals(ids, prompt);
        try (LoadedModel model = Backends.create(backend).load(checkpoint)) {
            for (boolean step : new boolean[]{false, true}) {
                try (GsaSession s = model.newSession()) {
                    ForwardResult r = step ? stepAll(s, prompt) : s.prefill(prompt, ProbeSpec.NONE);
                    double worst = 0;
                    for (int i = 0; i < reference.length; i++) worst = Math.max(worst, Math.abs(r.logits()[i] - reference[i]));
                    assertTrue(worst < 1e-4, backend + (step ? " step" : " prefill") + ": max |Δlogit| " + worst);
                }
            }
        }
    }

    @Test
    void onTheGpuToo() {
        assumeTrue(RequiresGpu.Condition.available(), "no usable GPU");
        textPromptMatchesTheFloat64Logits("cuda");
    }

    private static ForwardResult stepAll(GsaSession s, int[] prompt) {
        java.util.List<ForwardResult> parts = new java.util.ArrayList<>();
        for (int id : prompt) parts.add(s.step(id, ProbeSpec.NONE));
        return ForwardResult.concat(parts);
    }

    /** One window over the fixture's bytes gives the cross-entropy of the reference logits, whatever the workers. */
    @Test
    void evaluationMatchesTheReferenceCrossEntropy() {
        int window = ids.length - 1;
        double nats = 0;
        float[] ref = new float[reference.length];
        for (int i = 0; i < ref.length; i++) ref[i] = (float) reference[i];
        for (int t = 0; t < window; t++) nats += TokenLoss.nats(ref, t, 256, ids[t + 1]);
        try (LoadedModel model = Backends.create("nd4j").load(checkpoint)) {
            WindowedEval.Result one = WindowedEval.evaluate(model, ids, window, Ablations.NONE, 1, n -> { });
            assertEquals(1, one.windows());
            assertEquals(window, one.predicted());
            assertEquals(nats / window / Math.log(2), one.bitsPerToken(), 1e-5);
            // many short windows: the same figure on 1 and 2 workers, to the last bit
            WindowedEval.Result a = WindowedEval.evaluate(model, ids, 16, Ablations.NONE, 1, n -> { });
            WindowedEval.Result b = WindowedEval.evaluate(model, ids, 16, Ablations.NONE, 2, n -> { });
            assertEquals(12, a.windows());
            assertEquals(a.nats(), b.nats());
        }
    }

    @Test
    void windowsCoverWhatTheFileHolds() {
        assertEquals(0, WindowedEval.windows(256, 256));
        assertEquals(1, WindowedEval.windows(257, 256));
        assertEquals(1, WindowedEval.windows(512, 256));
        assertEquals(2, WindowedEval.windows(513, 256));
    }
}
