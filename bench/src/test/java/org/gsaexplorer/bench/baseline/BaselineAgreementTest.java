package org.gsaexplorer.bench.baseline;

import org.gsaexplorer.bench.sequence.SequenceModel;
import org.gsaexplorer.bench.sequence.SequenceSession;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parallel (prefill) and sequential (step) forms of each baseline compute the same function. */
class BaselineAgreementTest {
    private static final TransformerConfig XFMR = new TransformerConfig(32, 2, 4, 2, 8, 48, 40, 1e-6, 10_000);
    private static final GlaConfig GLA = new GlaConfig(32, 2, 2, 16, 32, 4, 16, 48, 40, 1e-6);

    @Test
    void transformerPrefillMatchesSteps() {
        checkPrefillMatchesSteps(new TransformerPlusPlus(XFMR, 7, 0.3), 29);
    }

    @Test
    void glaChunkedPrefillMatchesRecurrentSteps() {
        // 150 tokens: two full chunks of 64 and a partial one
        checkPrefillMatchesSteps(new GatedLinearAttention(GLA, 7, 0.3), 150);
    }

    @Test
    void glaKernelsAgreeFromANonZeroState() {
        int t = 37, heads = 3, dk = 5, dv = 6;
        SplittableRandom r = new SplittableRandom(3);
        float[] q = rand(r, t * heads * dk, 1), k = rand(r, t * heads * dk, 1), v = rand(r, t * heads * dv, 1);
        float[] g = new float[t * heads * dk];
        for (int i = 0; i < g.length; i++) g[i] = (float) r.nextDouble(-1.5, 0);
        float[] s1 = rand(r, heads * dk * dv, 1), s2 = s1.clone();
        float[] o1 = new float[t * heads * dv], o2 = new float[t * heads * dv];
        GlaKernels.recurrent(q, k, v, g, t, heads, dk, dv, s1, o1);
        GlaKernels.chunked(q, k, v, g, t, heads, dk, dv, s2, o2, 8);
        assertClose(o1, o2, 1e-4, "outputs");
        assertClose(s1, s2, 1e-4, "final state");
    }

    @Test
    void transformerAttendsToEarlierTokens() {
        // guards the agreement test against a model whose output ignores the context
        TransformerPlusPlus m = new TransformerPlusPlus(XFMR, 7, 0.3);
        float[] a = m.newSession().prefill(new int[]{1, 2, 3, 4});
        float[] b = m.newSession().prefill(new int[]{9, 2, 3, 4});
        assertTrue(maxDiff(a, b, 3 * XFMR.vocab(), XFMR.vocab()) > 1e-3, "the last logits must depend on the first token");
    }

    @Test
    void parameterCountsMatchTheConfigArithmetic() {
        assertEquals(XFMR.parameters(), new TransformerPlusPlus(XFMR, 1).parameterCount());
        assertEquals(GLA.parameters(), new GatedLinearAttention(GLA, 1).parameterCount());
    }

    private static void checkPrefillMatchesSteps(SequenceModel m, int t) {
        int v = m.vocabSize();
        int[] ids = new SplittableRandom(11).ints(t, 0, v).toArray();
        SequenceSession stepped = m.newSession();
        float[] steps = new float[t * v];
        for (int i = 0; i < t; i++) System.arraycopy(stepped.step(ids[i]), 0, steps, i * v, v);
        // prefill in two calls, so continuing from a cache or state is checked too
        SequenceSession pre = m.newSession();
        int split = t / 3;
        float[] first = pre.prefill(java.util.Arrays.copyOfRange(ids, 0, split));
        float[] rest = pre.prefill(java.util.Arrays.copyOfRange(ids, split, t));
        float[] all = new float[t * v];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        assertClose(steps, all, 1e-4, m.arch() + " logits");
        assertEquals(t, pre.position());
        assertEquals(m.stateBytes(t), pre.stateBytes());
    }

    private static float[] rand(SplittableRandom r, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextDouble(-scale, scale);
        return a;
    }

    private static double maxDiff(float[] a, float[] b, int from, int n) {
        double d = 0;
        for (int i = from; i < from + n; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
        return d;
    }

    /** |a − b| ≤ tol·max(1, |a|) everywhere, and the values are not all tiny (which would make the check vacuous). */
    static void assertClose(float[] a, float[] b, double tol, String what) {
        assertEquals(a.length, b.length, what + " length");
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            scale = Math.max(scale, Math.abs(a[i]));
            double err = Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(a[i]));
            assertTrue(err <= tol, what + "[" + i + "]: " + a[i] + " vs " + b[i]);
        }
        assertTrue(scale > 0.05, what + " are too small for the comparison to mean anything (max " + scale + ")");
    }
}
