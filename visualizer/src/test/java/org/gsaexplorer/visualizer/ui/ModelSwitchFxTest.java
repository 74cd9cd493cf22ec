package org.gsaexplorer.visualizer.ui;

import javafx.stage.Stage;
import org.gsaexplorer.visualizer.TestWindow;
import org.gsaexplorer.visualizer.catalog.ModelCatalog;
import org.gsaexplorer.visualizer.catalog.RecentModels;
import org.gsaexplorer.visualizer.render.Heatmap;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.session.ExplorerViewModel;
import org.gsaexplorer.visualizer.session.StarterPrompt;
import org.gsaexplorer.visualizer.ui.widget.HeatmapCanvas;
import org.gsaexplorer.visualizer.views.ViewKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;
import static org.gsaexplorer.visualizer.FxTesting.fx;
import static org.gsaexplorer.visualizer.FxTesting.startOnDisplay;
import static org.gsaexplorer.visualizer.FxTesting.await;

/**
 * Opening the second bundled model after the first leaves no trace of the first: every view has been drawn on the
 * recall model, then File › Open switches to the Rust model, and the title, status bar, prompt box, token strip and
 * every view's heatmaps (sizes and token labels) are the Rust model's.
 */
class ModelSwitchFxTest {
    static final Path SAMPLES = ModelCatalog.findSamples(Path.of(""), null);
    /** A token label of the recall model's vocabulary ("12:k37", "v40"), which no byte label looks like. */
    static final Pattern RECALL_TOKEN = Pattern.compile("(^|:)[kv]\\d+$");
    static ExplorerViewModel vm;
    static ExplorerWindow win;
    static Stage stage;
    static TestWindow window;

    @BeforeAll
    static void launch(@TempDir Path tmp) {
        startOnDisplay();
        vm = new ExplorerViewModel();
        window = TestWindow.open(vm, new RecentModels(tmp.resolve("recent.txt")), 1300, 860);
        win = window.win();
        stage = window.stage();
    }

    @AfterAll
    static void close() {
        if (window != null) window.close();
    }

    @Test
    void theSecondBundledModelLeavesNoTraceOfTheFirst() {
        // the recall model on its own starter prompt, as the explorer opens
        vm.open(SAMPLES.resolve("mqar-gsa-tiny/model"), "nd4j", null, -1).join();
        settle();
        for (ViewKind k : ViewKind.values()) show(k);
        assertTrue(fx(win::tokenStripText).matches(".*\\bk\\d+\\b.*"), "the recall prompt is on screen first");

        fx(() -> win.openModel(SAMPLES.resolve("rust-docs-gsa/model"))).join();
        settle();
        ExplorerSnapshot s = vm.snapshot();
        assertEquals("rust-docs-gsa/model", s.model().name());
        await(60, () -> "GSA Explorer — rust-docs-gsa/model".equals(fx(stage::getTitle)));
        String status = fx(win::statusText);
        assertTrue(status.startsWith("rust-docs-gsa/model  ·  4 layers × 4 heads × 64 slots"), status);
        assertFalse(status.contains("mqar"), status);
        assertEquals(StarterPrompt.RUST, fx(win::promptBoxText), "the recall prompt was the recall model's own");
        String strip = fx(win::tokenStripText);
        assertFalse(strip.isBlank());
        assertFalse(strip.matches(".*\\b[kv]\\d+\\b.*"), strip);
        int window = s.selection().window(), cols = Math.min(window, s.cursor());
        for (ViewKind k : ViewKind.values()) {
            show(k);
            for (HeatmapCanvas c : fx(() -> win.heatmaps(k))) {
                Heatmap h = fx(c::heatmap);
                if (k == ViewKind.COMPARE) {
                    assertFalse(fx(() -> c.isVisible() && c.getParent().isVisible() && c.getParent().getParent().isVisible()),
                            "without compare mode the compare view shows its hint, not the recall model's pictures");
                    continue;
                }
                assertNotNull(h, k + " drew");
                assertFalse(h.title().isBlank());
                if (h.colAxis().endsWith("token")) {
                    assertEquals(cols, h.cols(), k + " " + h.title() + ": one column per token of the window");
                    for (int i = 0; i < h.cols(); i++)
                        assertFalse(RECALL_TOKEN.matcher(h.colName().apply(i)).find(), k + " column " + h.colName().apply(i));
                }
                if (h.rowAxis().endsWith("token")) assertEquals(cols, h.rows(), k + " " + h.title());
            }
        }
        assertEquals(4, fx(() -> ((org.gsaexplorer.visualizer.ui.widget.OverviewCanvas) win.viewNode(ViewKind.OVERVIEW)).raster().length)
                / (64 + 2) / 4 / cols, "the overview has the Rust model's 4 layers");
    }

    @Test
    void withoutTokensNoPictureStays() {
        vm.open(SAMPLES.resolve("mqar-gsa-tiny/model"), "nd4j", null, -1).join();
        settle();
        show(ViewKind.OCCUPANCY);
        assertFalse(fx(() -> win.noTokensNote().isVisible()));
        vm.setPrompt("").join();
        settle();
        assertTrue(fx(() -> win.noTokensNote().isVisible()), "the views are covered, not left on the last prompt");
    }

    private static void show(ViewKind k) {
        fx(() -> {
            win.selectView(k);
            win.render(vm.snapshot());
            stage.getScene().getRoot().layout();
            return null;
        });
    }

    private static void settle() {
        await(60, () -> vm.snapshot().loading() == null);
        vm.idle().join();
        vm.idle().join();
        fx(() -> {
            win.render(vm.snapshot());
            return null;
        });
    }
}
