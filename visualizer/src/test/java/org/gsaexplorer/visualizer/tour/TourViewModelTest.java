package org.gsaexplorer.visualizer.tour;

import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.backend.Backends;
import org.gsaexplorer.model.ablation.Readout;
import org.gsaexplorer.visualizer.recall.SampleFixture;
import org.gsaexplorer.visualizer.views.ViewKind;
import org.gsaexplorer.visualizer.recall.ViewTarget;
import org.gsaexplorer.visualizer.tasks.BackgroundTasks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.gsaexplorer.model.patch.ActivationPatching;
import org.gsaexplorer.model.patch.PatchGrain;
import org.gsaexplorer.model.patch.PatchResult;
import org.gsaexplorer.model.recall.MqarGenerator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tour's steps, targets and live numbers, without JavaFX (measurements on 11 sequences to keep it quick, one of
 * them estimated first).
 */
class TourViewModelTest {
    static SampleFixture sample;
    static final List<ViewTarget> visited = new ArrayList<>();
    static final List<TourState> published = new ArrayList<>();
    static TourViewModel tour;
    static final int SEQUENCES = 11;
    static TourState before;
    static int publishedByRun;

    @BeforeAll
    static void run() {
        sample = new SampleFixture();
        tour = new TourViewModel(() -> sample.model, SampleFixture::token, visited::add, new BackgroundTasks(Runnable::run, Runnable::run), SEQUENCES, m -> null, TourCache.userDefault());
        before = tour.state();
        tour.addListener(published::add);
        tour.start().join();
        publishedByRun = published.size();
    }

    @AfterAll
    static void close() {
        sample.close();
    }

    static String pct(String setting, int pairs) {
        return String.format("%.1f %%", 100 * tour.measurements().accuracy(setting, pairs).orElseThrow());
    }

    static String triple(String setting) {
        return pct(setting, 8) + " / " + pct(setting, 16) + " / " + pct(setting, 32);
    }

    @Test
    void beforeTheRunStepsWaitForNumbersAndTargets() {
        assertFalse(before.ready());
        assertEquals("running the demo sequence…", before.status());
        assertTrue(before.steps().stream().allMatch(s -> s.target() == null));
        assertTrue(before.steps().get(4).text().contains("… / … / …"));
    }

    @Test
    void everyNumberQuotedIsTheOneMeasured() {
        TourState s = tour.state();
        assertTrue(s.ready());
        assertTrue(tour.measurements().complete());
        assertEquals("measured live: " + SEQUENCES + " sequences per setting", s.status());
        // one publication at the start, one after the demo, one after the patching sweep, one per estimated setting and one per measured setting
        assertEquals(3 + 2 * RecallMeasurements.SETTINGS.size() * RecallMeasurements.PAIRS.length, publishedByRun);
        assertTrue(s.steps().getFirst().text().contains(triple("baseline")));
        assertTrue(s.steps().get(4).text().contains("to " + triple("no-forget")));
        assertTrue(s.steps().get(5).text().contains("with 16 slots recall is " + triple("slots=16")));
        assertTrue(s.steps().get(5).text().contains("with 8 slots " + triple("slots=8")));
        assertTrue(s.steps().get(6).text().contains(triple("decay=mean")));
        assertTrue(s.steps().get(7).text().contains(triple("readout=relu")));
        for (TourStep step : s.steps()) assertFalse(step.text().contains("…"), step.title() + ": " + step.text());
        // the ablations the tour talks about hurt recall on this model
        for (String a : List.of("no-forget", "slots=8", "decay=mean", "readout=relu"))
            assertTrue(tour.measurements().accuracy(a, 32).orElseThrow() < tour.measurements().accuracy("baseline", 32).orElseThrow() - 0.2, a);
    }

    @Test
    void stepsSendTheViewsToTheirTargets() {
        TourState s = tour.state();
        ViewTarget first = s.steps().getFirst().target();
        assertEquals(ViewKind.OVERVIEW, first.view());
        assertTrue(first.ablations().isNone());
        assertEquals(128, first.prompt().length);
        assertEquals(ViewKind.PROVENANCE, s.steps().get(1).target().view());
        assertEquals(ViewKind.GATES, s.steps().get(2).target().view());
        assertEquals(ViewKind.READOUT, s.steps().get(3).target().view());
        assertTrue(s.steps().get(4).target().ablations().noForget());
        assertEquals(16, s.steps().get(5).target().ablations().slotBudget());
        Ablations mean = s.steps().get(6).target().ablations();
        assertTrue(mean.meanDecay());
        assertEquals(Readout.RELU, s.steps().get(7).target().ablations().readout());
        assertTrue(s.steps().getLast().target().ablations().isNone(), "the last step switches ablations off");
        for (TourStep step : s.steps()) assertEquals(first.tokens(), step.target().tokens());

        visited.clear();
        tour.go(0);
        tour.back();
        assertEquals(0, tour.state().index());
        for (int i = 1; i < s.steps().size(); i++) tour.next();
        tour.next();
        assertEquals(s.steps().size() - 1, tour.state().index());
        assertEquals(s.steps().size(), visited.size());
        for (int i = 0; i < visited.size(); i++) assertEquals(s.steps().get(i).target(), visited.get(i));
        tour.back();
        assertEquals(s.steps().get(s.steps().size() - 2).target(), visited.getLast());
    }

    @Test
    void theReadoutStepPointsAtTheMostConcentratedHead() {
        TourState s = tour.state();
        ViewTarget t = s.steps().get(3).target();
        String text = s.steps().get(3).text();
        assertTrue(text.contains("layer " + t.layer() + ", head " + t.head() + " puts p = "), text);
        assertTrue(text.contains(" on slot " + t.slot() + " "), text);
        assertTrue(s.steps().get(1).text().contains("slot " + t.slot() + " of layer " + t.layer() + ", head " + t.head()));
    }

    /** The patching step: one stored value replaced, the clean slots patched back one by one, the largest effects named. */
    @Test
    void thePatchingStepNamesTheSlotsWithTheLargestEffects() {
        TourState s = tour.state();
        TourStep step = s.steps().get(8);
        assertEquals("Patching: which slots carry a pair", step.title());
        PairPatching p = tour.pairPatching();
        int[] clean = Arrays.copyOf(MqarGenerator.generate(TourViewModel.DEMO_PAIRS, new SplittableRandom(TourViewModel.DEMO_SEED)).ids(),
                p.query().position() + 1), corrupt = clean.clone();
        assertEquals(p.query().key(), clean[p.pairAt()]);
        assertEquals(p.query().key(), clean[p.query().position()]);
        assertEquals(p.query().expected(), clean[p.pairAt() + 1]);
        corrupt[p.pairAt() + 1] = p.replacement();
        for (int id : clean) assertTrue(id != p.replacement(), "the replacement is stored nowhere else");
        PatchResult direct = ActivationPatching.run(sample.model, new ActivationPatching.Spec(clean, corrupt, p.pairAt() + 2, PatchGrain.SLOT,
                new int[]{0, 1}, p.query().expected(), p.replacement()), 1, n -> { });
        assertArrayEquals(direct.effects(), p.result().effects(), 1e-12);
        assertTrue(direct.clean() > direct.corrupt(), "the corruption moves the answer: " + direct.clean() + " vs " + direct.corrupt());

        // the three slots named are the three largest effects, largest first
        Integer[] order = IntStream.range(0, direct.effects().length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Double.compare(direct.effects()[b], direct.effects()[a]));
        int at = 0;
        for (int k = 0; k < 3; k++) {
            int i = order[k], layer = i / 128, head = i / 64 % 2, slot = i % 64;
            assertArrayEquals(new int[]{layer, head, slot}, p.top().get(k));
            String named = String.format("slot %d of layer %d, head %d (%.2f)", slot, layer, head, direct.effects()[i]);
            int where = step.text().indexOf(named);
            assertTrue(where > at, named + " in order in: " + step.text());
            at = where;
        }
        assertTrue(direct.effects()[order[0]] > direct.effects()[order[3]]);
        int best = order[0];
        assertEquals(List.of(best / 128, best / 64 % 2, best % 64, ViewKind.PROVENANCE),
                List.of(step.target().layer(), step.target().head(), step.target().slot(), step.target().view()));
        assertTrue(before.steps().get(8).text().endsWith("(computing)"), "before the sweep the step says it is computing");
        assertTrue(step.text().contains(String.format("add up to %.2f", Arrays.stream(direct.effects()).sum())), step.text());
    }

    @Test
    void withoutAModelTheStatusSaysSo() {
        TourViewModel none = new TourViewModel(() -> null, SampleFixture::token, v -> { }, new BackgroundTasks(Runnable::run, Runnable::run), 10, m -> null, TourCache.userDefault());
        none.start().exceptionally(e -> null).join();
        assertEquals("no model is loaded", none.state().status());
        assertFalse(none.state().ready());
        assertNull(none.state().current().target());
    }

    @Test
    void openingAnotherModelMidTourDropsTheOldModelsNumbers() {
        // a second load of the sample: another model, as opening a folder or switching backend gives
        try (LoadedModel other = Backends.create("reference").load(sample.checkpoint)) {
            AtomicReference<LoadedModel> loaded = new AtomicReference<>(sample.model);
            List<ViewTarget> went = new ArrayList<>();
            TourViewModel t = new TourViewModel(loaded::get, SampleFixture::token, went::add, new BackgroundTasks(Runnable::run, Runnable::run), 2, m -> null, TourCache.userDefault());
            List<TourState> afterSwitch = new ArrayList<>();
            t.addListener(s -> {
                if (loaded.get() == other) afterSwitch.add(s);
                // the demo is ready and the measurements are about to run: the user opens another model
                else if (s.ready()) {
                    loaded.set(other);
                    t.modelChanged();
                }
            });
            t.start().join();
            assertEquals(1, afterSwitch.size(), "only the reset is published once the model changed");
            assertFalse(t.state().ready());
            assertEquals("running the demo sequence…", t.state().status());
            assertTrue(t.state().steps().stream().allMatch(s -> s.target() == null));
            for (String setting : RecallMeasurements.SETTINGS) assertTrue(t.measurements().accuracy(setting, 8).isEmpty(), setting);
            t.show();
            assertTrue(went.isEmpty());

            t.start().join();
            assertTrue(t.state().ready());
            assertTrue(t.measurements().complete());
            assertEquals("measured live: 2 sequences per setting", t.state().status());
        }
    }

    @Test
    void estimatesStandInForEveryFigureUntilItIsMeasured() {
        int settings = RecallMeasurements.SETTINGS.size() * RecallMeasurements.PAIRS.length;
        // the start's state, the demo's, the patching step's, then one per estimate, then one per measurement
        TourState estimated = published.get(settings + 2);
        assertFalse(estimated.steps().getFirst().text().contains("…"), "every figure has a value: " + estimated.steps().getFirst().text());
        assertTrue(estimated.steps().getFirst().text().contains("≈"), estimated.steps().getFirst().text());
        assertTrue(estimated.status().startsWith("measuring live: 0 of " + settings), estimated.status());
        assertTrue(published.get(3).status().startsWith("estimating: 1 of " + settings), published.get(3).status());
        assertFalse(tour.state().steps().getFirst().text().contains("≈"), "measured figures replace the estimates");
    }
}
