package org.gsaexplorer.visualizer.report;

import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.stage.Stage;
import org.gsaexplorer.model.report.Finding;
import org.gsaexplorer.visualizer.FxRuntime;
import org.gsaexplorer.visualizer.TestWindow;
import org.gsaexplorer.visualizer.catalog.ModelCatalog;
import org.gsaexplorer.visualizer.catalog.RecentModels;
import org.gsaexplorer.visualizer.panels.Navigation;
import org.gsaexplorer.visualizer.patching.PatchPanel;
import org.gsaexplorer.visualizer.patching.PatchViewModel;
import org.gsaexplorer.visualizer.render.ColorMap;
import org.gsaexplorer.visualizer.render.Heatmap;
import org.gsaexplorer.visualizer.render.PlotLayout;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.session.ExplorerViewModel;
import org.gsaexplorer.visualizer.tasks.BackgroundTasks;
import org.gsaexplorer.visualizer.ui.ExplorerWindow;
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
 * clicked sends the views to its window, slot and token, Save writes both files; a patching sweep from the tab, its
 * signed heatmap, and a click on a cell selects that slot in the provenance view.
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

    @Test
    @Order(2)
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
            PlotLayout l = PlotLayout.of(patch.effects.getWidth(), patch.effects.getHeight());
            double x = l.plotX() + (40 + 0.5) * l.plotW() / 64, y = l.plotY() + (2 + 0.5) * l.plotH() / 4;
            Node canvas = patch.effects.getChildrenUnmodifiable().getFirst();
            javafx.geometry.Point2D scene = canvas.localToScene(x, y);
            Event.fireEvent(canvas, new MouseEvent(MouseEvent.MOUSE_CLICKED, scene.getX(), scene.getY(), scene.getX(), scene.getY(), MouseButton.PRIMARY, 1,
                    false, false, false, false, true, false, false, true, false, false, null));
            return null;
        });
        await(60, () -> vm.snapshot().prompt().equals(clean) && vm.snapshot().selection().slot() == 40, () -> vm.snapshot().selection() + " " + vm.snapshot().prompt());
        vm.idle().join();
        ExplorerSnapshot e = vm.snapshot();
        assertEquals(List.of(3, 2, 40, 9), List.of(e.selection().layer(), e.selection().head(), e.selection().slot(), e.cursor()));
        await(60, () -> fx(() -> win.currentView() == ViewKind.PROVENANCE));
    }
}
