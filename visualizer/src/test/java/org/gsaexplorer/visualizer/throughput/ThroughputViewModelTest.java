package org.gsaexplorer.visualizer.throughput;

import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.bench.BenchReport;
import org.gsaexplorer.bench.Stats;
import org.gsaexplorer.visualizer.tasks.BackgroundTasks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jfree.data.xy.XYDataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The throughput panel's logic without JavaFX: a background run, cancel, charts and exports. */
class ThroughputViewModelTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static ThroughputViewModel.State runToEnd(ThroughputViewModel vm, Runnable afterStart) throws InterruptedException {
        CountDownLatch end = new CountDownLatch(1);
        vm.addListener(() -> {
            if (vm.state().status() != ThroughputViewModel.Status.RUNNING) end.countDown();
        });
        vm.start(ThroughputViewModel.options("tiny", null, List.of("gsa", "transformer", "gla"), "reference", "32,64", 8, 2, 1));
        afterStart.run();
        assertTrue(end.await(60, TimeUnit.SECONDS), "the bench did not finish");
        return vm.state();
    }

    @Test
    void runsInTheBackgroundThenChartsAndExports() throws Exception {
        try (BackgroundTasks tasks = BackgroundTasks.threads(Runnable::run); ThroughputViewModel vm = new ThroughputViewModel(tasks)) {
            ThroughputViewModel.State s = runToEnd(vm, () -> { });
            assertEquals(ThroughputViewModel.Status.DONE, s.status(), s.message());
            List<ThroughputCharts.Named> charts = vm.charts();
            assertEquals(List.of("decode-tokens-per-s", "ms-per-token", "state-bytes", "bandwidth", "prefill"),
                    charts.stream().map(ThroughputCharts.Named::name).toList());
            XYDataset decode = charts.getFirst().chart().getXYPlot().getDataset();
            // three measured lines and three dashed ceilings
            assertEquals(6, decode.getSeriesCount());
            assertTrue(vm.table().contains("Decode"));

            Path csv = tmp.resolve("t.csv"), png = tmp.resolve("c.png"), svg = tmp.resolve("c.svg");
            vm.exportData(csv);
            assertTrue(Files.readString(csv).startsWith("kind,arch"));
            ThroughputViewModel.exportPng(charts.getFirst().chart(), png, 400, 300);
            byte[] head = Files.readAllBytes(png);
            assertEquals((byte) 0x89, head[0]);
            assertEquals('P', head[1]);
            ThroughputViewModel.exportSvg(charts.get(2).chart(), svg, 400, 300);
            assertTrue(Files.readString(svg).contains("<svg"));
        }
    }

    @Test
    void cancelStopsTheRun() throws Exception {
        try (BackgroundTasks tasks = BackgroundTasks.threads(Runnable::run); ThroughputViewModel vm = new ThroughputViewModel(tasks)) {
            ThroughputViewModel.State s = runToEnd(vm, vm::cancel);
            assertEquals(ThroughputViewModel.Status.CANCELLED, s.status());
        }
    }

    @Test
    void backendsAreComparedWhenGsaRanOnTwo() {
        Stats ms = Stats.of(2);
        BenchReport r = new BenchReport("tiny", "f32", "cpu", 8, 2, 1, Stats.of(10), Stats.of(20),
                List.of(new BenchReport.ModelInfo("gsa", "reference", 1, 4, 2.5), new BenchReport.ModelInfo("gsa", "nd4j", 1, 4, 2.5)),
                List.of(), List.of(new BenchReport.DecodePoint("gsa", "reference", 64, ms, 500, 1, 5, 0.0025),
                new BenchReport.DecodePoint("gsa", "nd4j", 64, ms, 500, 1, 5, 0.0025)), List.of(), List.of());
        List<ThroughputCharts.Named> charts = ThroughputCharts.all(r);
        assertEquals("gsa-backends", charts.getLast().name());
        assertEquals(2, charts.getLast().chart().getXYPlot().getDataset().getSeriesCount());
    }

    @Test
    void badSettingsAreOneLineErrors() {
        GsaException e = assertThrows(GsaException.class,
                () -> ThroughputViewModel.options("tiny", null, List.of("gsa"), "reference", "1k,x", 8, 2, 1));
        assertTrue(e.getMessage().startsWith("--contexts"), e.getMessage());
        assertThrows(GsaException.class, () -> ThroughputViewModel.options("huge", null, List.of("gsa"), "reference", "64", 8, 2, 1));
    }
}
