package org.gsaexplorer.visualizer.throughput;

import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.bench.BenchReport;
import org.gsaexplorer.bench.Stats;
import org.gsaexplorer.visualizer.tasks.BackgroundTasks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.YIntervalSeriesCollection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

    private final List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();

    private ThroughputViewModel.State runToEnd(ThroughputViewModel vm, Runnable afterStart) throws InterruptedException {
        CountDownLatch end = new CountDownLatch(1);
        vm.addListener(() -> {
            messages.add(vm.state().message());
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
            XYPlot decodePlot = charts.getFirst().chart().getXYPlot();
            YIntervalSeriesCollection decode = (YIntervalSeriesCollection) decodePlot.getDataset();
            // three measured lines, each point its median inside its min–max bar
            assertEquals(3, decode.getSeriesCount());
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < decode.getItemCount(i); j++)
                    assertTrue(decode.getStartYValue(i, j) <= decode.getYValue(i, j) && decode.getYValue(i, j) <= decode.getEndYValue(i, j));
            // every ceiling is either a marker on the scale or named in the subtitle
            var chart = charts.getFirst().chart();
            int named = 0;
            for (int i = 0; i < chart.getSubtitleCount(); i++)
                if (chart.getSubtitle(i) instanceof org.jfree.chart.title.TextTitle t) named += t.getText().split(";").length;
            var markers = decodePlot.getRangeMarkers(org.jfree.chart.ui.Layer.FOREGROUND);
            assertEquals(3, named + (markers == null ? 0 : markers.size()), "each ceiling is drawn or named");
            assertTrue(messages.stream().anyMatch(m -> m.startsWith("warming up: ")), "a warm-up pass ran");
            int lastWarm = -1, firstTimed = Integer.MAX_VALUE;
            for (int i = 0; i < messages.size(); i++)
                if (messages.get(i).startsWith("warming up: ")) lastWarm = i;
                else if (messages.get(i).contains("decode")) firstTimed = Math.min(firstTimed, i);
            assertTrue(lastWarm < firstTimed, "every engine and context is warm before any is timed");
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
                new BenchReport.DecodePoint("gsa", "nd4j", 64, ms, 500, 1, 5, 0.0025)), List.of(), List.of(), List.of());
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

    /** A report with one GSA line at 500 tokens/s whose ceiling is {@code ceiling} tokens/s. */
    private static BenchReport report(double ceiling) {
        Stats ms = Stats.of(1.8, 2, 2.5);
        return new BenchReport("tiny", "f32", "cpu", 8, 2, 3, Stats.of(10), Stats.of(20), List.of(new BenchReport.ModelInfo("gsa", "nd4j", 1, 4, ceiling)),
                List.of(new BenchReport.PrefillPoint("gsa", "nd4j", 8, Stats.of(90, 100, 120), 0.5)),
                List.of(new BenchReport.DecodePoint("gsa", "nd4j", 64, ms, 500, 1, 5, 0.0025),
                        new BenchReport.DecodePoint("gsa", "nd4j", 128, ms, 500, 1, 5, 0.0025)), List.of(), List.of(), List.of());
    }

    @Test
    void aFarCeilingIsNamedInsteadOfSquashingTheDataAndANearOneIsDrawn() {
        XYPlot far = ThroughputCharts.all(report(500_000)).getFirst().chart().getXYPlot();
        far.getRangeAxis().configure();
        assertTrue(far.getRangeAxis().getUpperBound() < 2 * 1000 / 1.8, "the axis fits the data: " + far.getRangeAxis().getUpperBound());
        var farChart = ThroughputCharts.all(report(500_000)).getFirst().chart();
        assertTrue(((org.jfree.chart.title.TextTitle) farChart.getSubtitle(farChart.getSubtitleCount() - 1)).getText().contains("gsa (nd4j) 500,000"));
        XYPlot near = ThroughputCharts.all(report(600)).getFirst().chart().getXYPlot();
        assertEquals(1, near.getRangeMarkers(org.jfree.chart.ui.Layer.FOREGROUND).size());
        assertTrue(near.getRangeAxis().getUpperBound() >= 600, "the ceiling is on the scale");
        // the decode line's bar spans the repetitions: tokens/s at the slowest and the fastest
        YIntervalSeriesCollection d = (YIntervalSeriesCollection) near.getDataset();
        assertEquals(1000 / 2.5, d.getStartYValue(0, 0), 1e-9);
        assertEquals(1000 / 1.8, d.getEndYValue(0, 0), 1e-9);
    }

    @Test
    void noChartUsesYellowOnWhite() {
        for (ThroughputCharts.Named n : ThroughputCharts.all(report(600))) {
            var plot = n.chart().getPlot();
            for (int i = 0; i < ThroughputCharts.PALETTE.length; i++) {
                java.awt.Paint p = plot instanceof XYPlot xy ? xy.getRenderer().getSeriesPaint(i)
                        : ((org.jfree.chart.plot.CategoryPlot) plot).getRenderer().getSeriesPaint(i);
                if (!(p instanceof java.awt.Color c)) continue;
                assertFalse(c.getRed() > 180 && c.getGreen() > 180 && c.getBlue() < 120, n.name() + " series " + i + " is yellow: " + c);
            }
        }
    }

    /** The (engine, context) pairs in the order the run timed them, from its progress lines. */
    private List<String> timedPairs(long orderSeed) throws InterruptedException {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (BackgroundTasks tasks = BackgroundTasks.threads(Runnable::run); ThroughputViewModel vm = new ThroughputViewModel(tasks)) {
            CountDownLatch end = new CountDownLatch(1);
            vm.addListener(() -> {
                lines.add(vm.state().message());
                if (vm.state().status() != ThroughputViewModel.Status.RUNNING) end.countDown();
            });
            vm.start(ThroughputViewModel.options("tiny", null, List.of("gsa", "transformer", "gla"), "reference", "16,32,48", 8, 2, 1), orderSeed);
            assertTrue(end.await(60, TimeUnit.SECONDS), "the bench did not finish");
            assertEquals(ThroughputViewModel.Status.DONE, vm.state().status(), vm.state().message());
        }
        java.util.regex.Pattern timed = java.util.regex.Pattern.compile("(.+): decode 2 tokens after (\\d+)");
        List<String> pairs = new java.util.ArrayList<>();
        int lastWarm = -1, firstTimed = Integer.MAX_VALUE;
        for (int i = 0; i < lines.size(); i++) {
            var m = timed.matcher(lines.get(i));
            if (lines.get(i).startsWith("warming up: ")) lastWarm = i;
            if (!m.matches()) continue;
            firstTimed = Math.min(firstTimed, i);
            String pair = m.group(1) + "@" + m.group(2);
            if (pairs.isEmpty() || !pairs.getLast().equals(pair)) pairs.add(pair);
        }
        assertTrue(lastWarm >= 0 && lastWarm < firstTimed, "every engine at every context is warm before any is timed");
        return pairs;
    }

    @Test
    void theTimedPassIsOneSeededShuffleOfEveryEngineAtEveryContext() throws Exception {
        List<String> order = timedPairs(7);
        java.util.Set<String> all = new java.util.HashSet<>();
        for (String who : List.of("gsa (reference)", "transformer (java)", "gla (java)"))
            for (int ctx : List.of(16, 32, 48)) all.add(who + "@" + ctx);
        assertEquals(all, java.util.Set.copyOf(order), "each pair timed: " + order);
        assertEquals(9, order.size(), "each pair timed once: " + order);
        // not engine by engine, and not contexts ascending within one
        List<String> engines = order.stream().map(p -> p.substring(0, p.indexOf('@'))).toList();
        long switches = java.util.stream.IntStream.range(1, 9).filter(i -> !engines.get(i).equals(engines.get(i - 1))).count();
        assertTrue(switches > 2, "engines are mixed, some left and come back to: " + order);
        boolean descends = false;
        for (int i = 0; i < 9; i++)
            for (int j = i + 1; j < 9; j++)
                if (engines.get(i).equals(engines.get(j)) && ctx(order.get(i)) > ctx(order.get(j))) descends = true;
        assertTrue(descends, "some engine meets a longer context before a shorter one: " + order);
        assertEquals(order, timedPairs(7), "the same seed, the same order");
        assertNotEquals(order, timedPairs(8), "another seed, another order");
    }

    private static int ctx(String pair) {
        return Integer.parseInt(pair.substring(pair.indexOf('@') + 1));
    }
}
