package org.gsaexplorer.visualizer.report;

import javafx.event.ActionEvent;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.control.TextField;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.gsaexplorer.model.report.Finding;
import org.gsaexplorer.model.report.Thresholds;
import org.gsaexplorer.visualizer.FxRuntime;
import org.gsaexplorer.visualizer.TestWindow;
import org.gsaexplorer.visualizer.catalog.ModelCatalog;
import org.gsaexplorer.visualizer.catalog.RecentModels;
import org.gsaexplorer.visualizer.panels.Navigation;
import org.gsaexplorer.visualizer.patching.PatchPanel;
import org.gsaexplorer.visualizer.patching.PatchViewModel;
import org.gsaexplorer.visualizer.render.ColorMap;
import org.gsaexplorer.visualizer.render.Digits;
import org.gsaexplorer.visualizer.render.Heatmap;
import org.gsaexplorer.visualizer.render.PlotLayout;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.session.ExplorerViewModel;
import org.gsaexplorer.visualizer.tasks.BackgroundTasks;
import org.gsaexplorer.visualizer.ui.ExplorerWindow;
import org.gsaexplorer.visualizer.ui.widget.Exports;
import org.gsaexplorer.visualizer.ui.widget.HeatmapCanvas;
import org.gsaexplorer.visualizer.views.ViewKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.gsaexplorer.visualizer.FxTesting.await;
import static org.gsaexplorer.visualizer.FxTesting.fx;
import static org.gsaexplorer.visualizer.FxTesting.startOnDisplay;

/**
 * The Report and Patching tabs in the explorer's window on a real display (Xvfb in CI), on the Rust sample: a report
 * over 1,024 bytes of its held-out text run from the tab, its findings and heatmaps in the scene graph, a finding
 * clicked sends the views to its window, slot and token, Save writes both files; a heatmap cell's tooltip and click,
 * the threshold fields; a patching sweep from the tab, its signed heatmap, and a click on a cell selects that slot in
 * the provenance view.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnalysisTabsFxTest {
    static final Path RUST = ModelCatalog.findSamples(Path.of(""), null).resolve(ModelCatalog.RUST_SAMPLE);
    static ExplorerViewModel vm;
    static ExplorerWindow win;
    static Stage stage;
    static TestWindow window;
    static ReportPanel report;
    static PatchPanel patch;
    static Path tmp;

    @BeforeAll
    static void launch(@TempDir Path dir) throws Exception {
        startOnDisplay();
        tmp = dir;
        byte[] heldout = Files.readAllBytes(RUST.resolve("heldout.txt"));
        Files.write(tmp.resolve("corpus.txt"), Arrays.copyOf(heldout, 1024));
        vm = new ExplorerViewModel();
        vm.open(RUST.resolve("model"), "nd4j", null, -1).join();
        vm.idle().join();
        window = TestWindow.open(vm, new RecentModels(tmp.resolve("recent.txt")), 1300, 860, w -> {
            // registered as the app registers them
            BackgroundTasks panelTasks = vm.tasks().deliveringOn(FxRuntime::onFxThread);
            Navigation navigation = new Navigation(vm, panelTasks.delivery(), w::selectView);
            w.addTab("Report", () -> report = new ReportPanel(new ReportViewModel(vm::loadedModel, vm::checkpointOf, navigation, panelTasks)));
            w.addTab("Patching", () -> patch = new PatchPanel(new PatchViewModel(vm::loadedModel, vm::checkpointOf, vm::tokenText, navigation, panelTasks),
                    vm::snapshot));
        });
        win = window.win();
        stage = window.stage();
    }

    @AfterAll
    static void close() {
        if (window != null) window.close();
    }

    @Test
    @Order(1)
    void aReportRunsFromTheTabAndAFindingTakesTheViewsThere() throws Exception {
        fx(() -> {
            win.selectTab("report");
            return null;
        });
        FxRuntime.pulses(2);
        fx(() -> {
            assertTrue(report.isVisible() && report.getScene() != null, "the tab shows its panel");
            assertTrue(report.cancel.isDisabled());
            assertTrue(report.save.isDisabled(), "nothing to save yet");
            report.data.setText(tmp.resolve("corpus.txt").toString());
            report.window.getValueFactory().setValue(256);
            report.run.fire();
            assertTrue(report.run.isDisabled(), "running");
            return null;
        });
        await(60, () -> fx(() -> !report.viewModel().state().running()));
        ReportState s = report.viewModel().state();
        fx(() -> {
            assertTrue(report.status.getText().startsWith("1,023 tokens in 4 windows"), report.status.getText());
            assertEquals(ReportText.summary(s.findings()), report.summary.getText());
            assertEquals(s.findings(), report.findings.getItems());
            assertFalse(report.save.isDisabled());
            assertEquals(1.0, report.progress.getProgress());
            for (HeatmapCanvas c : report.heatmaps) {
                assertEquals(4, c.heatmap().rows());
                assertEquals(64, c.heatmap().cols());
                assertTrue(c.heatmap().title().startsWith("Layer 0: "), c.heatmap().title());
            }
            report.layer.getValueFactory().setValue(2);
            assertEquals("Layer 2: mean forget gate α", report.heatmaps.get(1).heatmap().title());
            assertEquals((float) s.report().stats().slot(2, 1, 5).meanAlpha(), report.heatmaps.get(1).heatmap().value(1, 5));
            return null;
        });
        assertFalse(s.findings().isEmpty(), "the trained model has unread slots on so little text");

        Finding f = s.findings().getFirst();
        String window = s.report().windowTexts().get(f.window()).text();
        fx(() -> {
            report.findings.getSelectionModel().select(0);
            return null;
        });
        await(60, () -> {
            ExplorerSnapshot e = vm.snapshot();
            return e.prompt().equals(window) && e.selection().slot() == f.slot() && e.selection().layer() == f.layer();
        });
        vm.idle().join();
        ExplorerSnapshot e = vm.snapshot();
        assertEquals(f.head(), e.selection().head());
        assertTrue(e.cursor() >= 1 && e.cursor() <= window.length(), "cursor " + e.cursor());
        await(60, () -> fx(() -> win.currentView() == FindingFocus.view(f.kind())));

        Path html = tmp.resolve("saved.html");
        fx(() -> {
            win.selectTab("report");
            report.answerSaveWith(name -> html);
            report.save.fire();
            return null;
        });
        await(60, () -> Files.exists(tmp.resolve("saved.json")));
        assertTrue(Files.readString(html).contains("<svg"));
        assertTrue(fx(() -> report.status.getText()).startsWith("saved " + html));
    }

    /**
     * On the report of test 1: a heatmap cell's tooltip gives the slot's figures; a click on a cell of the write map
     * outlines that head and slot and sends the views to the slot in the window where it is written most; the
     * threshold fields show the defaults, a bad value is one line and is put back, a good one lists the findings anew.
     */
    @Test
    @Order(2)
    void aHeatmapCellTakesTheViewsToItsSlotAndThresholdsJudgeTheReportAnew() throws Exception {
        fx(() -> {
            win.selectTab("report");
            report.layer.getValueFactory().setValue(2);
            return null;
        });
        FxRuntime.pulses(2);
        ReportState s = report.viewModel().state();
        var st = s.report().stats();
        int groups = st.queryHeads() / st.kvHeads();
        HeatmapCanvas write = report.heatmaps.get(ReportHeatmaps.Quantity.WRITE.ordinal());
        String tip = fx(() -> {
            fire(write, MouseEvent.MOUSE_MOVED, 1, 5);
            return ((javafx.scene.control.Tooltip) write.getChildrenUnmodifiable().getFirst().getProperties().get("javafx.scene.control.Tooltip")).getText();
        });
        assertEquals(write.describe(1, 5), tip);
        assertTrue(tip.startsWith("mean write s = " + Digits.four((float) st.slot(2, 1, 5).meanWrite()) + "\nkv head: 1\nslot: 5\n"
                + ReportText.cell(st.slot(2, 1, 5))), tip);

        String window = s.windows().get(st.windowWrittenMost(2, 1, 5)).text().text();
        fx(() -> {
            fire(write, MouseEvent.MOUSE_CLICKED, 1, 5);
            return null;
        });
        await(60, () -> vm.snapshot().prompt().equals(window) && vm.snapshot().selection().slot() == 5 && vm.snapshot().selection().layer() == 2,
                () -> vm.snapshot().selection().toString());
        vm.idle().join();
        assertEquals(groups, vm.snapshot().selection().head());
        await(60, () -> fx(() -> win.currentView() == ViewKind.OCCUPANCY));
        fx(() -> {
            win.selectTab("report");
            return null;
        });
        FxRuntime.pulses(2);
        fx(() -> {
            for (HeatmapCanvas c : report.heatmaps) {
                assertEquals(List.of(1, 5), List.of(c.heatmap().markRow(), c.heatmap().markCol()));
                WritableImage img = Exports.snapshot(c, 1);
                PlotLayout l = PlotLayout.of(c.getWidth(), c.getHeight());
                int y = (int) Math.floor(l.plotY() + l.plotH() / 4) - 1;
                assertEquals(Color.WHITE, img.getPixelReader().getColor((int) (l.plotX() + l.plotW() / 2), y), "the outline along the top of head 1");
            }
            return null;
        });

        TextField frozen = report.thresholds.get(ThresholdField.FROZEN_ALPHA);
        fx(() -> {
            for (ThresholdField f : ThresholdField.values()) assertEquals(f.text(Thresholds.DEFAULTS), report.thresholds.get(f).getText());
            assertEquals("0.999", frozen.getText());
            frozen.setText("often");
            frozen.fireEvent(new ActionEvent());
            assertEquals("frozen α threshold 'often' is not a number", report.status.getText());
            assertEquals("0.999", frozen.getText(), "the value in force is put back");
            assertSame(s.report(), report.viewModel().state().report());
            frozen.setText("0.5");
            frozen.fireEvent(new ActionEvent());
            return null;
        });
        ReportState judged = report.viewModel().state();
        assertEquals(0.5, judged.thresholds().frozenAlpha());
        assertSame(st, judged.report().stats());
        assertTrue(judged.findings().size() > s.findings().size());
        fx(() -> {
            assertEquals(judged.findings(), report.findings.getItems());
            assertEquals(ReportText.summary(judged.findings()), report.summary.getText());
            assertEquals("findings under the new thresholds: " + ReportText.summary(judged.findings()), report.status.getText());
            report.defaults.fire();
            assertEquals("0.999", frozen.getText());
            assertEquals(s.findings().toString(), report.findings.getItems().toString());
            return null;
        });
    }

    /** Fires a mouse event of {@code type} at the centre of cell (row, col) of {@code c}. */
    private static void fire(HeatmapCanvas c, javafx.event.EventType<MouseEvent> type, int row, int col) {
        PlotLayout l = PlotLayout.of(c.getWidth(), c.getHeight());
        var h = c.heatmap();
        double x = l.plotX() + (col + 0.5) * l.plotW() / h.cols(), y = l.plotY() + (row + 0.5) * l.plotH() / h.rows();
        Node canvas = c.getChildrenUnmodifiable().getFirst();
        javafx.geometry.Point2D scene = canvas.localToScene(x, y);
        Event.fireEvent(canvas, new MouseEvent(type, scene.getX(), scene.getY(), scene.getX(), scene.getY(), MouseButton.PRIMARY, 1,
                false, false, false, false, true, false, false, true, false, false, null));
    }

    @Test
    @Order(3)
    void aPatchingSweepRunsFromTheTabAndACellSelectsItsSlot() throws Exception {
        fx(() -> {
            win.selectTab("patching");
            return null;
        });
        FxRuntime.pulses(2);
        ExplorerSnapshot before = vm.snapshot();
        String clean = "let total = 1; let other = total + tot";
        fx(() -> {
            patch.fromExplorer.fire();
            assertEquals(before.prompt(), patch.clean.getText());
            assertTrue(patch.replaceOne.isSelected());
            assertEquals(before.cursor() - 1, patch.replaceAt.getValue());
            assertEquals(before.cursor(), patch.at.getValue());
            // a short prompt keeps the sweep quick: the first "total" becomes "totel"; how much more 'a' than 'e' after "tot"?
            patch.clean.setText(clean);
            patch.replaceAt.getValueFactory().setValue(7);
            patch.replacement.setText("e");
            patch.at.getValueFactory().setValue(9);
            patch.answer.setText("a");
            patch.foil.setText("e");
            patch.layers.setText("3");
            patch.run.fire();
            return null;
        });
        await(60, () -> fx(() -> !patch.viewModel().state().running()));
        var r = patch.viewModel().state().result();
        assertTrue(r != null, patch.viewModel().state().status());
        Heatmap h = fx(() -> patch.effects.heatmap());
        assertEquals(4, h.rows());
        assertEquals(64, h.cols());
        assertSame(ColorMap.DIVERGING, h.colors());
        assertEquals(-h.min(), h.max(), 0);
        assertTrue(fx(() -> patch.status.getText()).startsWith("256 slot components at token 9"), fx(() -> patch.status.getText()));

        // a click on row 2 (layer 3, kv head 2), slot 40
        fx(() -> {
            fire(patch.effects, MouseEvent.MOUSE_CLICKED, 2, 40);
            return null;
        });
        await(60, () -> vm.snapshot().prompt().equals(clean) && vm.snapshot().selection().slot() == 40, () -> vm.snapshot().selection() + " " + vm.snapshot().prompt());
        vm.idle().join();
        ExplorerSnapshot e = vm.snapshot();
        assertEquals(List.of(3, 2, 40, 9), List.of(e.selection().layer(), e.selection().head(), e.selection().slot(), e.cursor()));
        await(60, () -> fx(() -> win.currentView() == ViewKind.PROVENANCE));
    }
}
