package org.gsaexplorer.visualizer.ui;

import javafx.event.Event;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.Spinner;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.HBox;
import javafx.scene.shape.Rectangle;
import javafx.stage.Stage;
import org.gsaexplorer.model.backend.Backends;
import org.gsaexplorer.visualizer.FxRuntime;
import org.gsaexplorer.visualizer.TestWindow;
import org.gsaexplorer.visualizer.catalog.ModelCatalog;
import org.gsaexplorer.visualizer.catalog.RecentModels;
import org.gsaexplorer.visualizer.render.Heatmap;
import org.gsaexplorer.visualizer.render.PlotLayout;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.session.ExplorerViewModel;
import org.gsaexplorer.visualizer.session.Selection;
import org.gsaexplorer.visualizer.ui.widget.BarStrip;
import org.gsaexplorer.visualizer.ui.widget.HeatmapCanvas;
import org.gsaexplorer.visualizer.ui.widget.OverviewCanvas;
import org.gsaexplorer.visualizer.views.ViewKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.gsaexplorer.visualizer.FxTesting.fx;
import static org.gsaexplorer.visualizer.FxTesting.startOnDisplay;
import static org.gsaexplorer.visualizer.FxTesting.await;

/**
 * The window at 1000×700 driven as a user would (Xvfb): clicks on heatmap cells, arrow keys, hovering, the toolbar,
 * the divider, the transport's glyphs and tooltips, the compare hint and the backend menu.
 */
class InteractionFxTest {
    static final Path SAMPLE = ModelCatalog.findSamples(Path.of(""), null).resolve("mqar-gsa-tiny/model");
    static ExplorerViewModel vm;
    static ExplorerWindow win;
    static Stage stage;
    static TestWindow window;

    @BeforeAll
    static void launch(@TempDir Path tmp) {
        startOnDisplay();
        vm = TestWindow.recallDemo(SAMPLE, "reference");
        window = TestWindow.open(vm, new RecentModels(tmp.resolve("recent.txt")), 1000, 700);
        win = window.win();
        stage = window.stage();
        FxRuntime.pulses(2);
    }

    @AfterAll
    static void close() {
        if (window != null) window.close();
    }

    @Test
    void clickingAHeatmapCellSetsTheTokenCursorAndTheSlot() {
        HeatmapCanvas writes = shownHeatmap(ViewKind.OCCUPANCY);
        Heatmap h = fx(writes::heatmap);
        assertEquals("slot", h.rowAxis());
        int t0 = vm.snapshot().windowStart();
        click(writes, 5, 3);
        settle();
        assertEquals(5, vm.snapshot().selection().slot(), "the row's slot is selected (the provenance view follows it)");
        assertEquals(t0 + 3 + 1, vm.snapshot().cursor(), "the column's token is the cursor's");
        // the readout's rows are query tokens and its columns slots
        HeatmapCanvas readout = shownHeatmap(ViewKind.READOUT);
        click(readout, 2, 9);
        settle();
        assertEquals(9, vm.snapshot().selection().slot());
        assertEquals(vm.snapshot().windowStart() + 2 + 1, vm.snapshot().cursor());
        // a right click is for the export menu: nothing moves
        ExplorerSnapshot before = vm.snapshot();
        click(readout, 5, 20, MouseButton.SECONDARY);
        settle();
        assertEquals(before.cursor(), vm.snapshot().cursor());
        assertEquals(before.selection(), vm.snapshot().selection());
    }

    @Test
    void arrowKeysStepTokensWhereverTheFocusIs() {
        vm.jump(10).join();
        settle();
        TabPane tabs = fx(() -> (TabPane) stage.getScene().getRoot().lookup(".tab-pane"));
        String tab = fx(() -> {
            win.selectView(ViewKind.GATES);
            tabs.requestFocus();
            return win.currentTab();
        });
        key(tabs, KeyCode.RIGHT);
        key(tabs, KeyCode.RIGHT);
        settle();
        assertEquals(12, vm.snapshot().cursor());
        assertEquals(tab, fx(win::currentTab), "the tab stays");
        key(tabs, KeyCode.LEFT);
        settle();
        assertEquals(11, vm.snapshot().cursor());
        // in a text box the arrows move the caret
        key(fx(() -> win.transport().prompt), KeyCode.LEFT);
        settle();
        assertEquals(11, vm.snapshot().cursor());
    }

    @Test
    void aHoveredTokenIsOutlinedInEveryViewAndTheOverviewMarksTheSelectedTile() {
        vm.select(new Selection(1, 1, 3, Selection.DEFAULT.window())).join();
        settle();
        OverviewCanvas overview = fx(() -> {
            win.selectView(ViewKind.OVERVIEW);
            win.render(vm.snapshot());
            return (OverviewCanvas) win.viewNode(ViewKind.OVERVIEW);
        });
        assertArrayEquals(new int[]{1, 1}, fx(overview::selectedTile), "the overview marks layer 1, kv head 1");
        double[] lowerRight = outlineCentre(overview);
        vm.select(new Selection(0, 0, 3, Selection.DEFAULT.window())).join();
        settle();
        double[] upperLeft = outlineCentre(overview);
        assertTrue(lowerRight[0] > upperLeft[0] + 50 && lowerRight[1] > upperLeft[1] + 50,
                "the outline moves with the selection: " + java.util.Arrays.toString(lowerRight) + " then " + java.util.Arrays.toString(upperLeft));
        vm.select(new Selection(1, 1, 3, Selection.DEFAULT.window())).join();
        settle();
        var charts = (org.gsaexplorer.visualizer.ui.widget.ChartsPane) fx(() -> win.viewNode(ViewKind.CHARTS));
        HeatmapCanvas gates = shownHeatmap(ViewKind.GATES);
        int t = vm.snapshot().windowStart() + 4;
        // in one FX call: the pointer of the display may send its own hover events between calls
        int[] seen = fx(() -> {
            win.links().hover(-1);
            int off = litPixels(gates, 4);
            win.links().hover(t);
            int[] out = {off, win.links().hovered(), litPixels(gates, 4), win.transport().strip().highlighted(), overview.highlighted(),
                    charts.highlighted(), 0};
            win.links().hover(-1);
            out[6] = litPixels(gates, 4);
            return out;
        });
        assertEquals(t, seen[1]);
        assertTrue(seen[2] > seen[0], "token " + t + "'s column is outlined: " + seen[2] + " outline pixels, " + seen[0] + " before");
        assertEquals(t, seen[3], "and the token strip's");
        assertEquals(t, seen[4], "and the overview's");
        assertEquals(t, seen[5], "and the charts'");
        assertEquals(seen[0], seen[6], "and the outline goes when the pointer leaves");
    }

    @Test
    void theHoverOutlineReachesTheReadoutBarsAndTheProvenanceView() {
        vm.select(new Selection(0, 0, 3, Selection.DEFAULT.window())).join();
        settle();
        HeatmapCanvas readout = shownHeatmap(ViewKind.READOUT);
        BarStrip bars = fx(() -> find(win.viewNode(ViewKind.READOUT), BarStrip.class));
        ExplorerSnapshot s = vm.snapshot();
        int t = s.windowStart() + 2, slots = fx(readout::heatmap).cols();
        assertTrue(t < s.current(), "a token before the cursor");
        int[] seen = fx(() -> {
            win.links().hover(-1);
            int[] out = {cyanPixels(bars), bars.outlinedBars(), 0, 0, 0, 0};
            win.links().hover(t);
            out[2] = cyanPixels(bars);
            out[3] = bars.outlinedBars();
            win.links().hover(-1);
            out[4] = cyanPixels(bars);
            out[5] = bars.outlinedBars();
            return out;
        });
        assertEquals(0, seen[1], "nothing outlined before the hover");
        assertEquals(slots, seen[3], "the hovered token's readout is outlined over every slot's bar");
        assertTrue(seen[2] > seen[0] + 20, "the outline is drawn in the hover colour: " + seen[2] + " pixels, " + seen[0] + " before");
        assertEquals(0, seen[5]);
        assertEquals(seen[0], seen[4], "and goes when the pointer leaves");

        HeatmapCanvas provenance = shownHeatmap(ViewKind.PROVENANCE);
        assertEquals("source token", fx(provenance::heatmap).colAxis());
        int[] lit = fx(() -> {
            win.links().hover(-1);
            int off = litPixels(provenance, 2);
            win.links().hover(t);
            int on = litPixels(provenance, 2);
            win.links().hover(-1);
            return new int[]{off, on, litPixels(provenance, 2)};
        });
        assertTrue(lit[1] > lit[0], "the provenance view outlines the hovered source token: " + lit[1] + " pixels, " + lit[0] + " before");
        assertEquals(lit[0], lit[2]);
    }

    @Test
    void runPlaysToTheEndWithAPauseGlyphDrawnAsShapes() throws Exception {
        var transport = fx(win::transport);
        vm.jump(vm.snapshot().computed() - 4).join();
        fx(() -> {
            transport.speed.setValue(60);
            transport.runButton.fire();
            return null;
        });
        await(20, () -> fx(() -> transport.runButton.getText().equals("Pause")));
        Node glyph = fx(transport.runButton::getGraphic);
        assertInstanceOf(HBox.class, glyph);
        assertEquals(2, ((HBox) glyph).getChildren().stream().filter(n -> n instanceof Rectangle).count(), "two bars, no font glyph");
        await(20, () -> !vm.snapshot().running());
        settle();
        assertEquals(vm.snapshot().computed(), vm.snapshot().cursor());
        await(20, () -> fx(() -> transport.runButton.getText().equals("Run")));
        assertEquals(Integer.toString(vm.snapshot().current()), fx(transport.jumpField::getText), "the jump box follows the cursor");
    }

    @Test
    void theToolbarWrapsAtAThousandPixelsAndEveryControlExplainsItself() {
        FxRuntime.pulses(2);
        List<Labeled> cut = fx(() -> {
            List<Labeled> out = new ArrayList<>();
            for (Node n : win.transport().lookupAll(".label")) if (n instanceof Labeled l && l.isTextTruncated()) out.add(l);
            for (Node n : win.transport().lookupAll(".button")) if (n instanceof Labeled l && l.isTextTruncated()) out.add(l);
            return out;
        });
        assertTrue(cut.isEmpty(), "cut labels: " + cut.stream().map(Labeled::getText).toList());
        assertTrue(fx(() -> win.transport().lookupAll(".spinner").stream().allMatch(n -> ((Spinner<?>) n).getTooltip() != null)),
                "every spinner has a tooltip");
        assertEquals(ExplorerWindow.MIN_WIDTH, fx(stage::getMinWidth));
        assertEquals(ExplorerWindow.MIN_HEIGHT, fx(stage::getMinHeight));
        double wide = fx(() -> {
            win.split().setDividerPositions(0.5);
            stage.getScene().getRoot().layout();
            return win.split().getItems().get(1).getLayoutBounds().getWidth();
        });
        assertTrue(wide > 400, "the side panel widens with the divider: " + wide);
        fx(() -> {
            win.split().setDividerPositions(0.74);
            return null;
        });
    }

    @Test
    void aPromptThatFailsStaysInTheBox() {
        String bad = "k1 v2 notatoken";
        String before = vm.snapshot().prompt();
        fx(() -> {
            win.transport().prompt.setText(bad);
            win.transport().lookupAll(".button").stream().filter(n -> ((Button) n).getText().equals("Run prompt"))
                    .map(Button.class::cast).findFirst().orElseThrow().fire();
            return null;
        });
        vm.idle().join();
        settle();
        assertEquals(before, vm.snapshot().prompt());
        assertNotNull(vm.snapshot().error());
        assertEquals(bad, fx(win::promptBoxText), "the text typed stays to be corrected");
    }

    @Test
    void theCompareTabWithoutCompareModeOffersToTurnItOn() {
        Button on = fx(() -> {
            win.selectView(ViewKind.COMPARE);
            win.render(vm.snapshot());
            return (Button) win.viewNode(ViewKind.COMPARE).lookupAll(".button").stream()
                    .filter(n -> ((Button) n).getText().equals("Turn compare mode on")).findFirst().orElseThrow();
        });
        assertTrue(fx(on::isVisible) && fx(() -> on.getParent().isVisible()));
        fx(() -> {
            on.fire();
            return null;
        });
        vm.idle().join();
        await(20, () -> vm.snapshot().baseline() != null);
        settle();
        assertFalse(fx(() -> on.getParent().isVisible()), "the pictures replace the hint");
        vm.setCompare(false).join();
        settle();
    }

    @Test
    void theBackendMenuListsEveryBackendAndSaysWhyOneCannotRun() {
        List<RadioMenuItem> items = fx(() -> win.menu().backendItems());
        assertEquals(Backends.names(), items.stream().map(r -> (String) r.getUserData()).toList());
        for (var p : Backends.providers()) {
            RadioMenuItem r = items.stream().filter(i -> i.getUserData().equals(p.name())).findFirst().orElseThrow();
            assertEquals(p.unavailableReason() != null, r.isDisable(), p.name());
            if (p.unavailableReason() != null) assertTrue(r.getText().contains(p.unavailableReason()), r.getText());
        }
    }

    @Test
    void tooltipsPrintFourSignificantDigitsAndNameTheSlotOnce() {
        HeatmapCanvas gates = shownHeatmap(ViewKind.GATES);
        String tip = fx(() -> gates.describe(7, 3));
        assertTrue(tip.contains("\nslot 7\n"), tip);
        assertFalse(tip.contains("slot: slot"), tip);
        String value = tip.substring(tip.indexOf("= ") + 2, tip.indexOf('\n'));
        assertTrue(value.replaceAll("[^0-9]", "").replaceFirst("^0+", "").length() <= 4, value);
        assertEquals(fx(gates::heatmap).value(7, 3), Double.parseDouble(value), 5e-4);
    }

    @Test
    void busyOverlayShowsOnlyAfterItsDelayAndHidesWhenCaughtUp() {
        fx(() -> {
            BusyOverlay o = new BusyOverlay();
            o.update(true, 1_000);
            assertFalse(o.isVisible(), "a quick command does not flicker");
            o.update(true, 1_000 + BusyOverlay.DELAY_NANOS);
            assertTrue(o.isVisible());
            assertTrue(o.lookupAll(".label").stream().anyMatch(n -> ((Label) n).getText().equals("computing…")));
            o.update(false, 2_000 + BusyOverlay.DELAY_NANOS);
            assertFalse(o.isVisible());
            return null;
        });
        assertNotNull(fx(win::busyOverlay).getParent(), "the overlay sits over the views");
    }

    // ---- helpers ----

    private static HeatmapCanvas shownHeatmap(ViewKind view) {
        return fx(() -> {
            win.selectView(view);
            win.render(vm.snapshot());
            stage.getScene().getRoot().layout();
            return win.heatmaps(view).getFirst();
        });
    }

    /** A real left click at the centre of cell (r, c). */
    private static void click(HeatmapCanvas h, int r, int c) {
        click(h, r, c, MouseButton.PRIMARY);
    }

    private static void click(HeatmapCanvas h, int r, int c, MouseButton button) {
        fx(() -> {
            Node canvas = h.getChildrenUnmodifiable().getFirst();
            Heatmap m = h.heatmap();
            PlotLayout l = PlotLayout.of(h.getWidth(), h.getHeight());
            Point2D p = canvas.localToScene(l.plotX() + (c + 0.5) * l.plotW() / m.cols(), l.plotY() + (r + 0.5) * l.plotH() / m.rows());
            Event.fireEvent(canvas, new MouseEvent(MouseEvent.MOUSE_CLICKED, p.getX(), p.getY(), 0, 0, button, 1,
                    false, false, false, false, false, false, false, false, false, true, null));
            return null;
        });
    }

    private static void key(Node target, KeyCode code) {
        fx(() -> {
            Event.fireEvent(target, new KeyEvent(KeyEvent.KEY_PRESSED, "", "", code, false, false, false, false));
            return null;
        });
    }

    /** The centre of the overview's pixels in the selection outline's colour (the cursor's red-orange). */
    private static double[] outlineCentre(OverviewCanvas overview) {
        return fx(() -> {
            win.render(vm.snapshot());
            var img = org.gsaexplorer.visualizer.ui.widget.Exports.snapshot(overview, 1);
            double sx = 0, sy = 0;
            int n = 0;
            for (int y = 0; y < (int) img.getHeight(); y++)
                for (int x = 0; x < (int) img.getWidth(); x++)
                    if ((img.getPixelReader().getArgb(x, y) & 0xffffff) == 0xd9471a) {
                        sx += x;
                        sy += y;
                        n++;
                    }
            assertTrue(n > 20, "an outline is drawn");
            return new double[]{sx / n, sy / n};
        });
    }

    /** The first node of {@code type} under {@code root}, depth first (FX thread). */
    private static <T> T find(Node root, Class<T> type) {
        if (type.isInstance(root)) return type.cast(root);
        if (root instanceof javafx.scene.Parent p)
            for (Node n : p.getChildrenUnmodifiable()) {
                T t = find(n, type);
                if (t != null) return t;
            }
        return null;
    }

    /** Pixels of {@code n} in the hover outline's colour (FX thread). */
    private static int cyanPixels(Node n) {
        var img = org.gsaexplorer.visualizer.ui.widget.Exports.snapshot(n, 1);
        int count = 0;
        for (int y = 0; y < (int) img.getHeight(); y++)
            for (int x = 0; x < (int) img.getWidth(); x++)
                if (isHoverColour(img.getPixelReader().getArgb(x, y))) count++;
        return count;
    }

    private static boolean isHoverColour(int argb) {
        return (argb >> 16 & 255) < 60 && (argb >> 8 & 255) > 150 && (argb & 255) > 200;
    }

    /** Pixels in column c's plot area drawn in the hover outline's colour (FX thread). */
    private static int litPixels(HeatmapCanvas h, int c) {
        var img = org.gsaexplorer.visualizer.ui.widget.Exports.snapshot(h, 1);
        Heatmap m = h.heatmap();
        PlotLayout l = PlotLayout.of(h.getWidth(), h.getHeight());
        double cw = l.plotW() / m.cols();
        int n = 0;
        for (int x = (int) (l.plotX() + c * cw) - 1; x <= (int) (l.plotX() + (c + 1) * cw) + 1; x++)
            for (int y = (int) l.plotY(); y < (int) (l.plotY() + l.plotH()); y++) {
                if (isHoverColour(img.getPixelReader().getArgb(x, y))) n++;
            }
        return n;
    }

    /** The engine has run every command given, and the window has drawn the result. */
    private static void settle() {
        vm.idle().join();
        vm.idle().join();
        fx(() -> {
            win.render(vm.snapshot());
            return null;
        });
    }
}
