package org.gsaexplorer.visualizer.patching;

import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.backend.Backends;
import org.gsaexplorer.model.patch.ActivationPatching;
import org.gsaexplorer.model.patch.PatchGrain;
import org.gsaexplorer.model.patch.PatchResult;
import org.gsaexplorer.visualizer.catalog.ModelCatalog;
import org.gsaexplorer.visualizer.recall.SampleFixture;
import org.gsaexplorer.visualizer.recall.ViewTarget;
import org.gsaexplorer.visualizer.render.ColorMap;
import org.gsaexplorer.visualizer.render.Heatmap;
import org.gsaexplorer.visualizer.tasks.BackgroundTasks;
import org.gsaexplorer.visualizer.views.ViewKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Patching tab's view model without JavaFX, on the MQAR sample: a slot sweep, its heatmap, clicks, bad input, cancel. */
class PatchViewModelTest {
    static final Path DIR = ModelCatalog.findSamples(Path.of(""), null).resolve("mqar-gsa-tiny/model");
    static final String CLEAN = "k1 v5 k2 v6 k3 v7 k4 v8 k3 v7 k2";
    // the pair k2 v6 becomes k2 v9: at the last token, k2, the answer moves
    static final PatchRequest SLOTS = new PatchRequest(CLEAN, "", 3, "v9", 10, PatchGrain.SLOT, "all", "", "");
    static SampleFixture sample;
    static final List<ViewTarget> visited = new ArrayList<>();

    static PatchViewModel viewModel() {
        return new PatchViewModel(() -> sample.model, m -> DIR, SampleFixture::token, visited::add, new BackgroundTasks(Runnable::run, Runnable::run));
    }

    @BeforeAll
    static void open() {
        sample = new SampleFixture();
    }

    @AfterAll
    static void close() {
        sample.close();
    }

    static int[] ids(String text) {
        return java.util.Arrays.stream(text.split(" ")).mapToInt(w -> w.charAt(0) == 'k' ? Integer.parseInt(w.substring(1)) : 128 + Integer.parseInt(w.substring(1))).toArray();
    }

    @Test
    void aSlotSweepIsTheModelsAndItsHeatmapIsSignedPerLayerAndHead() {
        PatchViewModel vm = viewModel();
        vm.run(SLOTS).join();
        PatchState s = vm.state();
        assertNotNull(s.result(), s.status());
        int[] clean = ids(CLEAN), corrupt = clean.clone();
        corrupt[3] = 128 + 9;
        assertArrayEquals(clean, s.cleanIds());
        PatchResult direct = ActivationPatching.run(sample.model, new ActivationPatching.Spec(clean, corrupt, 10, PatchGrain.SLOT,
                new int[]{0, 1}, null, null), 1, n -> { });
        assertArrayEquals(direct.effects(), s.result().effects(), 1e-12);
        assertEquals(direct.answer(), s.result().answer());
        assertEquals("v6", s.answerText(), "the clean run answers the stored value");
        assertTrue(s.status().startsWith("256 slot components at token 10 · logit(v6) − logit(" + s.foilText() + ")"), s.status());

        Heatmap h = PatchHeatmap.of(s.result(), s.answerText(), s.foilText());
        assertEquals(4, h.rows());
        assertEquals(64, h.cols());
        assertSame(ColorMap.DIVERGING, h.colors());
        assertEquals(-h.min(), h.max(), 0);
        double largest = 0;
        for (int l = 0; l < 2; l++)
            for (int hd = 0; hd < 2; hd++)
                for (int m = 0; m < 64; m++) {
                    double e = s.result().effects()[(l * 2 + hd) * 64 + m];
                    assertEquals((float) e, h.value(l * 2 + hd, m));
                    largest = Math.max(largest, Math.abs(e));
                }
        assertEquals(largest, h.max(), 1e-6);
        assertEquals("L1 H0", h.rowName().apply(2));

        visited.clear();
        vm.open(3, 17);
        ViewTarget t = visited.getFirst();
        assertArrayEquals(clean, t.prompt());
        assertEquals(CLEAN, t.text());
        assertEquals(10, t.tokens());
        assertEquals(List.of(1, 1, 17), List.of(t.layer(), t.head(), t.slot()));
        assertEquals(ViewKind.PROVENANCE, t.view());
    }

    /** After the explorer opens another model, a click on the old sweep says so and sends the views nowhere. */
    @Test
    void aSweepOfAnotherModelSendsTheViewsNowhere() {
        try (LoadedModel other = Backends.create("reference").load(sample.checkpoint)) {
            AtomicReference<LoadedModel> loaded = new AtomicReference<>(sample.model);
            PatchViewModel vm = new PatchViewModel(loaded::get, m -> DIR, SampleFixture::token, visited::add, new BackgroundTasks(Runnable::run, Runnable::run));
            vm.run(new PatchRequest(CLEAN, "", 3, "v9", 10, PatchGrain.LAYER, "all", "", "")).join();
            PatchResult r = vm.state().result();
            assertNotNull(r, vm.state().status());
            loaded.set(other);
            visited.clear();
            vm.open(0, 1);
            assertTrue(visited.isEmpty());
            assertEquals("this sweep was run on another model: run it again on this one", vm.state().status());
            assertSame(r, vm.state().result());
        }
    }

    @Test
    void theWholeStateRestoresTheCleanAnswer() {
        PatchViewModel vm = viewModel();
        vm.run(new PatchRequest(CLEAN, "k1 v5 k2 v9 k3 v7 k4 v8 k3 v7 k2", -1, "", 10, PatchGrain.STATE, "all", "v6", "v9")).join();
        PatchResult r = vm.state().result();
        assertNotNull(r, vm.state().status());
        assertEquals(1, r.effects().length);
        assertEquals(1, r.effects()[0], 1e-5);
        assertEquals("v9", vm.state().foilText());
        Heatmap h = PatchHeatmap.of(r, "v6", "v9");
        assertEquals(1, h.rows() * h.cols());
    }

    @Test
    void badRequestsAreOneLineAndKeepTheLastResult() {
        PatchViewModel vm = viewModel();
        vm.run(new PatchRequest(CLEAN, "", 3, "v9", 10, PatchGrain.HEAD, "1", "", "")).join();
        PatchResult kept = vm.state().result();
        assertNotNull(kept, vm.state().status());
        assertEquals(2, kept.effects().length);
        for (PatchRequest bad : List.of(
                new PatchRequest(CLEAN, "k1 v5", -1, "", 1, PatchGrain.SLOT, "all", "", ""),
                new PatchRequest(CLEAN, CLEAN, -1, "", 5, PatchGrain.SLOT, "all", "", ""),
                new PatchRequest(CLEAN, "", 3, "v9 v10", 10, PatchGrain.SLOT, "all", "", ""),
                new PatchRequest(CLEAN, "", 30, "v9", 10, PatchGrain.SLOT, "all", "", ""),
                new PatchRequest(CLEAN, "", 3, "v9", 11, PatchGrain.SLOT, "all", "", ""),
                new PatchRequest(CLEAN, "", 3, "v9", 10, PatchGrain.SLOT, "0,7", "", ""),
                new PatchRequest("", "", -1, "", 1, PatchGrain.SLOT, "all", "", ""))) {
            vm.run(bad).join();
            assertFalse(vm.state().running());
            assertEquals(1, vm.state().status().lines().count(), vm.state().status());
            assertFalse(vm.state().status().contains("Exception"), vm.state().status());
            assertSame(kept, vm.state().result(), bad + ": " + vm.state().status());
        }
        vm.addListener(s -> {
            if (s.running() && s.status().startsWith("rerun ")) vm.cancel();
        });
        vm.run(SLOTS).join();
        assertEquals("patching cancelled", vm.state().status());
        assertSame(kept, vm.state().result());
    }
}
