package org.gsaexplorer.visualizer.ui;

import org.gsaexplorer.visualizer.ui.widget.HeatmapCanvas;
import org.gsaexplorer.visualizer.ui.widget.OverviewCanvas;
import org.gsaexplorer.visualizer.ui.widget.Exports;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.gsaexplorer.visualizer.TestWindow;
import org.gsaexplorer.visualizer.catalog.ModelCatalog;
import org.gsaexplorer.visualizer.catalog.RecentModels;
import org.gsaexplorer.visualizer.render.DataExport;
import org.gsaexplorer.visualizer.render.Heatmap;
import org.gsaexplorer.visualizer.render.PlotLayout;
import org.gsaexplorer.visualizer.session.ExplorerViewModel;
import org.gsaexplorer.visualizer.session.ProbeField;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.session.Selection;
import org.gsaexplorer.visualizer.session.SyntheticRun;
import org.gsaexplorer.visualizer.tour.TourPanel;
import org.gsaexplorer.visualizer.tour.TourViewModel;
import org.gsaexplorer.visualizer.views.ViewKind;
import org.gsaexplorer.model.ablation.Ablations;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.*;
import static org.gsaexplorer.visualizer.FxTesting.fx;
import static org.gsaexplorer.visualizer.FxTesting.startOnDisplay;

/** The window on a real display (Xvfb in CI): launch, step, ablate, export, and pixels against the numbers shown. */
class ExplorerWindowFxTest {
    static final Path SAMPLE = ModelCatalog.findSamples(Path.of(""), null).resolve("mqar-gsa-tiny/model");
    static ExplorerViewModel vm;
    static ExplorerWindow win;
    static Stage stage;
    static TestWindow window;

    @BeforeAll
    static void launch(@TempDir Path tmp) throws Exception {
        startOnDisplay();
        vm = TestWindow.recallDemo(SAMPLE, "reference");
        window = TestWindow.open(vm, new RecentModels(tmp.resolve("recent.txt")), 1300, 860);
        win = window.win();
        stage = window.stage();
    }

    @AfterAll
    static void close() {
        if (window != null) window.close();
    }

    @Test
    void stepsAndRendersTheGatesWithTheColoursOfTheirValues() {
        int before = vm.snapshot().cursor();
        vm.step().join();
        vm.idle().join();
        assertEquals(before + 1, vm.snapshot().cursor());
        HeatmapCanvas gates = fx(() -> {
            win.selectView(ViewKind.GATES);
            win.render(vm.snapshot());
            return win.heatmaps(ViewKind.GATES).getFirst();
        });
        Heatmap h = gates.heatmap();
        assertEquals(vm.snapshot().cursor(), h.cols(), "columns are the tokens so far");
        // the numbers shown are the recorded gates
        assertEquals(vm.snapshot().main().probes().get(ProbeField.ALPHA, 0, 3, 0, 7), h.value(7, 3));
        WritableImage img = fx(() -> Exports.snapshot(gates, 1));
        PixelReader px = img.getPixelReader();
        PlotLayout l = PlotLayout.of(gates.getWidth(), gates.getHeight());
        int checked = 0;
        for (int r = 0; r < h.rows(); r += 9)
            for (int c = 0; c < h.cols(); c += 5) {
                if (c == h.markCol()) continue;
                int x = (int) (l.plotX() + (c + 0.5) * l.plotW() / h.cols()), y = (int) (l.plotY() + (r + 0.5) * l.plotH() / h.rows());
                int expect = h.colors().argb(h.value(r, c), h.min(), h.max());
                assertEquals(Integer.toHexString(expect), Integer.toHexString(px.getArgb(x, y)), "cell (" + r + ", " + c + ") = " + h.value(r, c));
                checked++;
            }
        assertTrue(checked > 20);
        String tip = fx(() -> gates.describe(7, 3));
        assertTrue(tip.contains(org.gsaexplorer.visualizer.render.Digits.four(h.value(7, 3))) && tip.contains("slot 7") && tip.contains("3:"), tip);
    }

    @Test
    void togglingAnAblationReRunsAndExportsWriteFiles(@TempDir Path dir) throws Exception {
        fx(() -> {
            win.ablationPanel().noForget.setSelected(true);
            return null;
        });
        vm.idle().join();
        vm.idle().join();
        assertTrue(vm.snapshot().main().ablations().noForget());
        assertEquals(1f, vm.snapshot().main().probes().get(ProbeField.ALPHA, 1, 5, 1, 3));
        HeatmapCanvas writes = fx(() -> {
            win.selectView(ViewKind.OCCUPANCY);
            win.render(vm.snapshot());
            return win.heatmaps(ViewKind.OCCUPANCY).getFirst();
        });
        Path png = dir.resolve("occupancy.png"), csv = dir.resolve("occupancy.csv");
        WritableImage img = fx(() -> Exports.snapshot(writes, 2));
        Exports.writePng(img, png, false);
        assertEquals(2 * (int) Math.ceil(writes.getWidth()), (int) img.getWidth(), 2);
        assertTrue(Files.size(png) > 1000);
        DataExport.writeCsv(writes.heatmap(), csv, false);
        assertEquals(65, Files.readAllLines(csv).size());
        fx(() -> {
            win.ablationPanel().noForget.setSelected(false);
            return null;
        });
        vm.idle().join();
        vm.idle().join();
        assertTrue(vm.snapshot().main().ablations().isNone());
    }

    @Test
    void scrubbingTheOverviewDrawsTheSamePixelsAsAFreshRender() {
        ExplorerSnapshot base = SyntheticRun.snapshot(3, 2, 8, 300, 5, 300, new Selection(0, 0, 0, 40));
        // below the window's 40 tokens the tiles fill up; above it they scroll
        int[] cursors = {12, 13, 30, 120, 121, 125, 124, 190, 60, 61, 300, 20};
        fx(() -> {
            OverviewCanvas scrubbed = new OverviewCanvas();
            for (int c : cursors) {
                ExplorerSnapshot s = SyntheticRun.at(base, c, c);
                scrubbed.show(s);
                OverviewCanvas fresh = new OverviewCanvas();
                fresh.show(s);
                assertArrayEquals(fresh.raster(), scrubbed.raster(), "cursor " + c);
            }
            return null;
        });
    }

    @Test
    void theRecallPanelDrivesTheWindowsViews() throws Exception {
        ExplorerSnapshot before = vm.snapshot();
        try {
            recallDrivesTheViews();
        } finally {
            // the other tests look at the sample prompt with layer 0, head 0
            vm.setPrompt(before.prompt()).join();
            vm.select(before.selection()).join();
            vm.jump(before.cursor()).join();
            vm.idle().join();
        }
    }

    private void recallDrivesTheViews() throws Exception {
        var recall = fx(() -> {
            win.selectSidePanel("Recall");
            return win.recallPanel();
        });
        recall.viewModel().generate(4, Ablations.NONE).get(60, TimeUnit.SECONDS);
        var target = fx(() -> {
            recall.step.fire();
            return recall.viewModel().state().explanation().queries().get(recall.viewModel().state().selected());
        });
        assertNotNull(target);
        vm.idle().join();
        vm.idle().join();
        ExplorerSnapshot s = vm.snapshot();
        ViewKind view = fx(() -> win.currentView());
        assertTrue(List.of(ViewKind.READOUT, ViewKind.PROVENANCE, ViewKind.OCCUPANCY, ViewKind.GATES, ViewKind.STATE, ViewKind.OVERVIEW).contains(view),
                String.valueOf(view));
        assertEquals(recall.viewModel().state().explanation().sequence().ids().length, s.computed(), "the recall sequence is the prompt now");
    }

    @Test
    void theTourShowsTheShippedNumbersAtOnceAndStopsMeasuringOnRequest() throws Exception {
        ExplorerSnapshot before = vm.snapshot();
        try {
            var tour = fx(() -> {
                win.selectSidePanel("Tour");
                return win.tourPanel();
            });
            String cached = "cached: measured on this checkpoint, " + TourViewModel.DEFAULT_SEQUENCES + " sequences per setting, ";
            awaitStatus(tour, s -> s.startsWith(cached));
            assertTrue(fx(() -> tour.text.getText()).contains("(cached)"), "the sample's shipped measurement is quoted, marked");
            awaitStatus(tour, s -> s.contains("measuring live"));
            fx(() -> {
                tour.cancel.fire();
                return null;
            });
            awaitStatus(tour, s -> s.contains("measuring stopped"));
            assertTrue(fx(() -> tour.cancel.isDisabled()));
        } finally {
            fx(() -> {
                win.selectSidePanel("Ablations");
                return null;
            });
            vm.setPrompt(before.prompt()).join();
            vm.select(before.selection()).join();
            vm.jump(before.cursor()).join();
            vm.idle().join();
        }
    }

    private static void awaitStatus(TourPanel tour, Predicate<String> done) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String s;
        while (!done.test(s = fx(() -> tour.status.getText()))) {
            assertTrue(System.nanoTime() < end, "tour status still: " + s);
            Thread.sleep(20);
        }
    }
}
