package org.gsaexplorer.bench.baseline;

import org.gsaexplorer.bench.cuda.BaselineCudaModels;
import org.gsaexplorer.bench.sequence.SequenceModel;
import org.gsaexplorer.bench.sequence.SequenceSession;
import org.gsaexplorer.model.backend.cuda.RequiresGpu;
import org.gsaexplorer.model.weights.DType;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The GPU baselines against the plain-Java ones with the same (uploaded) fp32 weights: prefill logits, step logits
 * through the decode graph, and greedy generation continuing the same sequence. Skipped, with the reason, without a GPU.
 */
@RequiresGpu
class BaselineCudaGpuTest {
    // GQA (4 heads over 2 KV heads) and head dim 32, the smallest the decode attention kernel takes
    private static final TransformerConfig XFMR = new TransformerConfig(64, 2, 4, 2, 32, 96, 50, 1e-6, 10_000);
    private static final GlaConfig GLA = new GlaConfig(64, 2, 2, 48, 64, 8, 16, 96, 50, 1e-6);

    @Test
    void transformerMatchesJava() {
        TransformerPlusPlus j = new TransformerPlusPlus(XFMR, 5, 0.3);
        Map<String, float[]> w = new HashMap<>();
        w.put("embeddings", j.embeddings);
        w.put("final_norm", j.finalNorm);
        w.put("lm_head", j.lmHead);
        for (int l = 0; l < XFMR.layers(); l++) {
            TransformerPlusPlus.Layer L = j.layers[l];
            w.put(l + ".attn_norm", L.attnNorm());
            w.put(l + ".qkv", concat(L.q(), L.k(), L.v()));
            w.put(l + ".o", L.o());
            w.put(l + ".mlp_norm", L.mlpNorm());
            w.put(l + ".gate_up", concat(L.mlp().gate(), L.mlp().up()));
            w.put(l + ".down", L.mlp().down());
        }
        try (SequenceModel g = BaselineCudaModels.transformer(XFMR, DType.F32, w)) {
            compare(j, g);
            assertEquals(j.stateBytes(100), g.stateBytes(100), "fp32 KV cache: same bytes as the Java one");
        }
    }

    @Test
    void glaMatchesJava() {
        GatedLinearAttention j = new GatedLinearAttention(GLA, 5, 0.3);
        Map<String, float[]> w = new HashMap<>();
        w.put("embeddings", j.embeddings);
        w.put("final_norm", j.finalNorm);
        w.put("lm_head", j.lmHead);
        for (int l = 0; l < GLA.layers(); l++) {
            GatedLinearAttention.Layer L = j.layers[l];
            w.put(l + ".attn_norm", L.attnNorm());
            w.put(l + ".proj", concat(L.q(), L.k(), L.v(), L.gateDown(), L.outGate()));
            w.put(l + ".gate_up_lr", L.gateUp());
            w.put(l + ".gate_bias", L.gateBias());
            w.put(l + ".g_norm", L.gNorm());
            w.put(l + ".o", L.o());
            w.put(l + ".mlp_norm", L.mlpNorm());
            w.put(l + ".gate_up", concat(L.mlp().gate(), L.mlp().up()));
            w.put(l + ".down", L.mlp().down());
        }
        try (SequenceModel g = BaselineCudaModels.gla(GLA, DType.F32, w)) {
            compare(j, g);
        }
    }

    @Test
    void randomBf16ModelsDecodeFiniteLogits() {
        try (SequenceModel t = BaselineCudaModels.transformer(XFMR, DType.BF16, 3); SequenceModel g = BaselineCudaModels.gla(GLA, DType.BF16, 3)) {
            for (SequenceModel m : new SequenceModel[]{t, g}) {
                SequenceSession s = m.newSession();
                s.advance(new int[]{1, 2, 3, 4, 5});
                s.generate(7, 600); // past the first KV-cache capacity, so the cache grows and the graph is recaptured
                assertEquals(605, s.position());
                for (float v : s.step(9)) assertTrue(Float.isFinite(v), m.arch());
            }
        }
    }

    /** Prefill in two calls, then steps, then a greedy run: each against the Java model's logits within 1e-3. */
    private static void compare(SequenceModel java, SequenceModel gpu) {
        int v = java.vocabSize();
        int[] ids = new SplittableRandom(11).ints(40, 0, v).toArray();
        SequenceSession js = java.newSession(), gs = gpu.newSession();
        int split = 23;
        assertClose(js.prefill(Arrays.copyOfRange(ids, 0, split)), gs.prefill(Arrays.copyOfRange(ids, 0, split)), "prefill");
        assertClose(js.prefill(Arrays.copyOfRange(ids, split, 30)), gs.prefill(Arrays.copyOfRange(ids, split, 30)), "prefill continued");
        for (int i = 30; i < 40; i++) assertClose(js.step(ids[i]), gs.step(ids[i]), "step " + i);
        SequenceSession.Snapshot jm = js.snapshot(), gm = gs.snapshot();
        js.generate(ids[0], 5);
        gs.generate(ids[0], 5);
        assertClose(js.step(3), gs.step(3), "after greedy generation");
        js.restore(jm);
        gs.restore(gm);
        assertClose(js.step(4), gs.step(4), "after restoring a snapshot");
        assertEquals(js.position(), gs.position());
    }

    private static void assertClose(float[] a, float[] b, String what) {
        assertEquals(a.length, b.length, what);
        double max = 0;
        for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
        assertTrue(max < 1e-3, what + ": max difference " + max);
    }

    private static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) n += p.length;
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
