package org.gsaexplorer.visualizer.language;

import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.eval.WindowedEval;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.LayerProbe;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.run.TraceRunner;
import org.gsaexplorer.visualizer.derive.SlotMath;
import org.gsaexplorer.visualizer.recall.SampleFixture;
import org.gsaexplorer.visualizer.recall.ViewTarget;
import org.gsaexplorer.visualizer.session.StarterPrompt;
import org.gsaexplorer.visualizer.tasks.BackgroundTasks;
import org.gsaexplorer.visualizer.tour.TourState;
import org.gsaexplorer.visualizer.tour.TourStep;
import org.gsaexplorer.visualizer.views.ViewKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The language tour on the bundled Rust model, without JavaFX: every claim is checked against a computation of its
 * own on a fresh run of the same text (half-lives straight from α, provenance and implicit attention through
 * {@link SlotMath}, bits per byte through {@link WindowedEval}), and a new text gives new claims.
 */
class LanguageTourViewModelTest {
    static RustSample rust;
    static final List<ViewTarget> visited = new CopyOnWriteArrayList<>();
    static LanguageTourViewModel tour;
    static TourState before;
    static ForwardResult run;
    static int[] bytes;

    @BeforeAll
    static void start() {
        rust = new RustSample();
        tour = new LanguageTourViewModel(() -> rust.model, m -> m == rust.model, visited::add, new BackgroundTasks(Runnable::run, Runnable::run));
        before = tour.state();
        tour.start().join();
        byte[] raw = StarterPrompt.RUST.getBytes(StandardCharsets.UTF_8);
        bytes = new int[raw.length];
        for (int i = 0; i < raw.length; i++) bytes[i] = raw[i] & 0xff;
        // token by token, where the tour ran the text in one prefill: the same numbers by another path
        run = TraceRunner.run(rust.model, bytes, true, Ablations.NONE, ProbeSpec.all(rust.model.config().numLayers()));
    }

    @AfterAll
    static void close() {
        rust.close();
    }

    static String text(int step) {
        return tour.state().steps().get(step).text();
    }

    /** [T][M] of one kv head's α or write weights, or one query head's readout. */
    static float[][] rows(LayerProbe p, float[] flat, int head, boolean query) {
        float[][] out = new float[p.tokens()][p.slots()];
        for (int t = 0; t < p.tokens(); t++)
            for (int m = 0; m < p.slots(); m++) out[t][m] = flat[query ? p.qIndex(t, head, m) : p.kvIndex(t, head, m)];
        return out;
    }

    @Test
    void beforeTheRunStepsWaitAndAfterItEveryNumberIsIn() {
        assertFalse(before.ready());
        assertTrue(before.steps().stream().allMatch(s -> s.target() == null));
        TourState s = tour.state();
        assertTrue(s.ready());
        assertFalse(s.measuring());
        assertEquals("measured live on the " + bytes.length + " bytes of this text", s.status());
        assertTrue(s.steps().size() >= 6 && s.steps().size() <= 10, s.steps().size() + " steps");
        for (TourStep step : s.steps()) {
            assertFalse(step.text().contains("…"), step.title() + ": " + step.text());
            assertNotNull(step.target(), step.title());
            assertEquals(StarterPrompt.RUST, step.target().text(), "every step shows the text the tour read");
        }
        assertTrue(s.steps().getLast().target().ablations().isNone(), "the last step switches ablations off");
    }

    @Test
    void bitsPerByteAndTheAblationsAreWhatAnIndependentEvaluationGives() {
        int window = bytes.length - 1;
        double base = WindowedEval.evaluate(rust.model, bytes, window, Ablations.NONE, 1, i -> { }).bitsPerToken();
        // float32 sums in another order: the same to 1e-6
        assertEquals(base, tour.findings().bitsPerByte(), 1e-6);
        assertTrue(text(0).contains(String.format("it needs %.2f bits per byte", base)), text(0));
        int step = 5;
        for (String a : LanguageTourViewModel.ABLATIONS) {
            double ablated = WindowedEval.evaluate(rust.model, bytes, window, Ablations.parseAll(List.of(a)), 1, i -> { }).bitsPerToken();
            assertEquals(ablated, tour.ablatedBitsPerByte(a).orElseThrow(), 1e-6, a);
            assertTrue(text(step).contains(String.format("from %.2f to %.2f on this text: %+.2f bits", base, ablated, ablated - base)), text(step));
            assertEquals(Ablations.parseAll(List.of(a)).describe(), tour.state().steps().get(step).target().ablations().describe());
            assertTrue(ablated > base, a + " costs bits on this text");
            step++;
        }
    }

    @Test
    void theHalfLifeRankingIsTheOneTheGatesGive() {
        var c = rust.model.config();
        int bestL = -1, bestH = -1, worstL = -1, worstH = -1;
        double best = -1, worst = Double.MAX_VALUE;
        for (int l = 0; l < c.numLayers(); l++)
            for (int h = 0; h < c.numKvHeads(); h++) {
                List<Double> lives = new ArrayList<>();
                for (float[] row : rows(run.probes().get(l), run.probes().get(l).alpha(), h, false))
                    for (float a : row) lives.add(Math.log(0.5) / Math.log(a));
                lives.sort(null);
                int n = lives.size();
                double median = n % 2 == 1 ? lives.get(n / 2) : (lives.get(n / 2 - 1) + lives.get(n / 2)) / 2;
                if (median > best) { best = median; bestL = l; bestH = h; }
                if (median < worst) { worst = median; worstL = l; worstH = h; }
            }
        var slow = tour.findings().longest();
        var fast = tour.findings().shortest();
        assertEquals(List.of(bestL, bestH), List.of(slow.layer(), slow.kvHead()));
        assertEquals(List.of(worstL, worstH), List.of(fast.layer(), fast.kvHead()));
        assertEquals(best, slow.medianHalfLife(), 1e-3 * best);
        assertTrue(text(1).contains(String.format("layer %d, head %d has the longest median half-life (over every byte and slot): %.1f bytes",
                bestL, bestH * c.groups(), best)), text(1));
        assertTrue(text(2).contains(String.format("layer %d, head %d has the shortest median half-life: %.1f bytes", worstL, worstH * c.groups(), worst)), text(2));
        ViewTarget t = tour.state().steps().get(1).target();
        assertEquals(ViewKind.GATES, t.view());
        assertEquals(List.of(bestL, bestH * c.groups()), List.of(t.layer(), t.head()));
    }

    @Test
    void theBracketClaimIsTheProvenanceOfTheSlotsReadAtTheClosingByte() {
        var c = rust.model.config();
        // pairs by a plain stack over the text, each closing byte against the slots each head reads most there
        Deque<Integer> open = new ArrayDeque<>();
        double best = -1;
        int[] chosen = null;
        for (int t = 0; t < bytes.length; t++) {
            char ch = (char) bytes[t];
            if ("({[".indexOf(ch) >= 0) open.push(t);
            else if (")}]".indexOf(ch) >= 0 && !open.isEmpty() && "({[".indexOf(bytes[open.peek()]) == ")}]".indexOf(ch)) {
                int o = open.pop();
                if (t - o < 8) continue;
                for (int l = 0; l < c.numLayers(); l++) {
                    LayerProbe p = run.probes().get(l);
                    for (int h = 0; h < c.numHeads(); h++) {
                        float[] readout = rows(p, p.readout(), h, true)[t];
                        Integer[] order = new Integer[c.numSlots()];
                        for (int m = 0; m < order.length; m++) order[m] = m;
                        Arrays.sort(order, (a, b) -> Float.compare(readout[b], readout[a]));
                        float[][] alpha = rows(p, p.alpha(), h / c.groups(), false), write = rows(p, p.write(), h / c.groups(), false);
                        double atOpen = 0, all = 0;
                        for (int i = 0; i < 3; i++) {
                            double[] w = SlotMath.provenance(alpha, write, order[i], t);
                            atOpen += w[o];
                            all += Arrays.stream(w).sum();
                        }
                        if (atOpen / all > best) {
                            best = atOpen / all;
                            chosen = new int[]{o, t, l, h, order[0], order[1], order[2]};
                        }
                    }
                }
            }
        }
        assertNotNull(chosen, "the default text has brackets");
        var b = tour.findings().bracket();
        assertEquals(List.of(chosen[0], chosen[1], chosen[2], chosen[3]), List.of(b.pair().open(), b.pair().close(), b.layer(), b.head()));
        assertArrayEquals(new int[]{chosen[4], chosen[5], chosen[6]}, b.slots());
        assertEquals(best, b.openingShare(), 1e-4);
        String shown = text(3);
        assertTrue(shown.contains(String.format("at byte %d, which closes the '%c' at byte %d, layer %d, head %d reads slots %d, %d and %d most",
                chosen[1], (char) bytes[chosen[0]], chosen[0], chosen[2], chosen[3], chosen[4], chosen[5], chosen[6])), shown);
        assertTrue(shown.contains(String.format("%.1f %% was written at the '%c'", 100 * best, (char) bytes[chosen[0]])), shown);
        ViewTarget t = tour.state().steps().get(3).target();
        assertEquals(ViewKind.PROVENANCE, t.view());
        assertEquals(List.of(chosen[1] + 1, chosen[2], chosen[3], chosen[4]), List.of(t.tokens(), t.layer(), t.head(), t.slot()));
    }

    @Test
    void theRepeatedNameClaimIsTheImplicitAttentionAtItsSecondOccurrence() {
        var c = rust.model.config();
        var r = tour.findings().repeat();
        assertNotNull(r);
        String name = r.repeat().name();
        String text = StarterPrompt.RUST;
        assertEquals(text.indexOf(name), r.repeat().first());
        assertEquals(text.indexOf(name, r.repeat().first() + 1), r.repeat().second());
        int t = r.repeat().second();
        double best = -1;
        int bestL = -1, bestH = -1;
        for (int l = 0; l < c.numLayers(); l++) {
            LayerProbe p = run.probes().get(l);
            for (int h = 0; h < c.numHeads(); h++) {
                float[][] a = SlotMath.implicitAttention(rows(p, p.readout(), h, true), rows(p, p.alpha(), h / c.groups(), false),
                        rows(p, p.write(), h / c.groups(), false));
                double mass = 0;
                for (int s = r.repeat().first(); s < r.repeat().first() + name.length(); s++) mass += a[t][s];
                if (mass > best) { best = mass; bestL = l; bestH = h; }
            }
        }
        assertEquals(List.of(bestL, bestH), List.of(r.layer(), r.head()));
        assertEquals(best, r.mass(), 1e-4);
        assertTrue(text(4).contains(String.format("layer %d, head %d puts %.1f %% of its implicit attention", bestL, bestH, 100 * best)), text(4));
        double[] bits = new double[2];
        for (int k = 0; k < 2; k++) {
            int start = k == 0 ? r.repeat().first() : t;
            for (int i = 1; i < name.length(); i++) bits[k] += tour.findings().bits(start + i) / (name.length() - 1);
        }
        assertTrue(text(4).contains(String.format("cost %.2f bits per byte the first time and %.2f the second", bits[0], bits[1])), text(4));
        assertEquals(ViewKind.ATTENTION, tour.state().steps().get(4).target().view());
    }

    @Test
    void stepsSendTheViewsToTheirTargets() {
        visited.clear();
        tour.go(0);
        for (int i = 1; i < tour.state().steps().size(); i++) tour.next();
        tour.next();
        assertEquals(tour.state().steps().size(), visited.size());
        for (int i = 0; i < visited.size(); i++) assertEquals(tour.state().steps().get(i).target(), visited.get(i));
        tour.go(0);
    }

    @Test
    void anEditedTextGivesNewClaimsAndBadInputsOneLine() {
        LanguageTourViewModel own = new LanguageTourViewModel(() -> rust.model, m -> m == rust.model, v -> { }, new BackgroundTasks(Runnable::run, Runnable::run));
        own.start().join();
        String bracketClaim = own.state().steps().get(3).text(), first = own.state().steps().getFirst().text();
        String edited = "The slots of a head hold a fading sum of the bytes so far; the readout picks among the slots.\n";
        own.setText(edited).join();
        assertEquals(edited, own.text());
        assertEquals("measured live on the " + edited.length() + " bytes of this text", own.state().status());
        assertNotEquals(first, own.state().steps().getFirst().text(), "the bits per byte are measured on the new text");
        assertNotEquals(bracketClaim, own.state().steps().get(3).text());
        assertTrue(own.state().steps().get(3).text().startsWith("The text has no matched"), own.state().steps().get(3).text());
        String name = own.findings().repeat().repeat().name();
        assertTrue(edited.indexOf(name) != edited.lastIndexOf(name), name + " comes back in the new text");
        assertTrue(own.state().steps().get(4).text().startsWith("'" + name + "' first appears at byte " + edited.indexOf(name)));
        double expect = WindowedEval.evaluate(rust.model, own.findings().bytes(), edited.length() - 1, Ablations.NONE, 1, i -> { }).bitsPerToken();
        assertTrue(own.state().steps().getFirst().text().contains(String.format("%.2f bits per byte", expect)));

        String[] bad = {"fn x", "fn main() { let s = \"\uD800\"; }", "x".repeat(LanguageTourViewModel.MAX_BYTES + 1)};
        String[] says = {"the text is too short (4 bytes): the tour needs at least 8",
                "the text cannot be tokenized: it holds half of a surrogate pair, which is not valid Unicode",
                "the text is too long (4097 bytes): the tour reads at most 4096"};
        for (int i = 0; i < bad.length; i++) {
            assertTrue(own.setText(bad[i]).isCompletedExceptionally());
            assertEquals(says[i], own.state().status());
            assertFalse(own.state().ready());
        }
    }

    @Test
    void aModelThatDoesNotReadBytesIsOneLine() {
        try (SampleFixture mqar = new SampleFixture()) {
            LanguageTourViewModel own = new LanguageTourViewModel(() -> mqar.model, m -> false, v -> { }, new BackgroundTasks(Runnable::run, Runnable::run));
            assertTrue(own.start().isCompletedExceptionally());
            assertTrue(own.state().status().startsWith("the language tour needs a byte-level model"), own.state().status());
            assertEquals(1, own.state().status().lines().count());
            assertNull(own.state().current().target());
        }
        LanguageTourViewModel none = new LanguageTourViewModel(() -> null, m -> true, v -> { }, new BackgroundTasks(Runnable::run, Runnable::run));
        none.start();
        assertEquals("no model is loaded", none.state().status());
    }
}
