package org.gsaexplorer.visualizer.ui;

import javafx.scene.Node;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.ablation.Readout;
import org.gsaexplorer.visualizer.TestWindow;
import org.gsaexplorer.visualizer.catalog.ModelCatalog;
import org.gsaexplorer.visualizer.catalog.RecentModels;
import org.gsaexplorer.visualizer.render.ColorMap;
import org.gsaexplorer.visualizer.render.ColorScale;
import org.gsaexplorer.visualizer.render.DisplayPreferences;
import org.gsaexplorer.visualizer.render.Heatmap;
import org.gsaexplorer.visualizer.render.PlotLayout;
import org.gsaexplorer.visualizer.render.Theme;
import org.gsaexplorer.visualizer.session.ExplorerViewModel;
import org.gsaexplorer.visualizer.session.ScoringRule;
import org.gsaexplorer.visualizer.session.Selection;
import org.gsaexplorer.visualizer.ui.view.Export;
import org.gsaexplorer.visualizer.ui.view.ExportFormat;
import org.gsaexplorer.visualizer.ui.widget.ChartsPane;
import org.gsaexplorer.visualizer.ui.widget.Exports;
import org.gsaexplorer.visualizer.ui.widget.HeatmapCanvas;
import org.gsaexplorer.visualizer.ui.widget.ScaleMenu;
import org.gsaexplorer.visualizer.ui.widget.TokenStrip;
import org.gsaexplorer.visualizer.views.Caption;
import org.gsaexplorer.visualizer.views.ViewKind;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.title.TextTitle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;
import static org.gsaexplorer.visualizer.FxTesting.fx;
import static org.gsaexplorer.visualizer.FxTesting.startOnDisplay;

/**
 * Reading the pictures on a real display (Xvfb in CI): colour scales and their menu, the diverging state map, badges
 * and titles under ablations, the shared compare scale, captioned exports, provenance, scored positions, the token
 * strip's marks and key, the dark theme and the font size. Pixels are checked against the numbers drawn.
 */
@Timeout(120)
class PicturesFxTest {
    static final Path SAMPLE = ModelCatalog.findSamples(Path.of(""), null).resolve("mqar-gsa-tiny/model");
    static ExplorerViewModel vm;
    static ExplorerWindow win;
    static Stage stage;
    static TestWindow window;
    static Path prefs;

    @BeforeAll
    static void launch(@TempDir Path tmp) {
        startOnDisplay();
        vm = TestWindow.recallDemo(SAMPLE, "reference");
        RecentModels recent = new RecentModels(tmp.resolve("recent.txt"));
        prefs = recent.sibling("display.properties");
        window = TestWindow.open(vm, recent, 1300, 860);
        win = window.win();
        stage = window.stage();
    }

    @AfterAll
    static void close() {
        if (window == null) return;
        fx(() -> {
            win.setDisplayPreferences(DisplayPreferences.DEFAULT);
            return null;
        });
        window.close();
    }

    private static HeatmapCanvas show(ViewKind k, int index) {
        return fx(() -> {
            win.selectView(k);
            win.render(vm.snapshot());
            return win.heatmaps(k).get(index);
        });
    }

    /** Every sampled cell's pixel is the colour its value has on the heatmap's scale. */
    private static void pixelsMatch(HeatmapCanvas c) {
        Heatmap h = c.heatmap();
        WritableImage img = fx(() -> Exports.snapshot(c, 1));
        PixelReader px = img.getPixelReader();
        PlotLayout l = PlotLayout.of(c.getWidth(), c.getHeight());
        int checked = 0;
        for (int r = 0; r < h.rows(); r += Math.max(1, h.rows() / 9))
            for (int col = 0; col < h.cols(); col += Math.max(1, h.cols() / 9)) {
                if (col == h.markCol() || r == h.markRow()) continue;
                int x = (int) (l.plotX() + (col + 0.5) * l.plotW() / h.cols()), y = (int) (l.plotY() + (r + 0.5) * l.plotH() / h.rows());
                // cells under 2 px are scaled by nearest neighbour: the pixel may show a cell within one pixel of its own
                Set<String> near = new TreeSet<>();
                for (int rr = cell(y - 1, l.plotY(), l.plotH(), h.rows()); rr <= cell(y + 1, l.plotY(), l.plotH(), h.rows()); rr++)
                    for (int cc = cell(x - 1, l.plotX(), l.plotW(), h.cols()); cc <= cell(x + 1, l.plotX(), l.plotW(), h.cols()); cc++)
                        near.add(Integer.toHexString(h.argb(rr, cc)));
                String got = Integer.toHexString(px.getArgb(x, y));
                assertTrue(near.contains(got), "cell (" + r + ", " + col + ") = " + h.value(r, col) + ": " + got + " is none of " + near);
                checked++;
            }
        assertTrue(checked > 20);
    }

    /** The cell index of pixel {@code p} (its centre) on an axis of {@code n} cells from {@code start} over {@code length}. */
    private static int cell(int p, double start, double length, int n) {
        return Math.clamp((long) Math.floor((p + 0.5 - start) * n / length), 0, n - 1);
    }

    @Test
    void theReadoutOpensClippedAndItsMenuSwitchesTheScaleAndLocksIt() {
        HeatmapCanvas readout = show(ViewKind.READOUT, 0);
        assertEquals(ColorScale.PERCENTILE, readout.heatmap().scale());
        assertTrue(readout.heatmap().max() < 0.5, "clipped under the one-hot reads: " + readout.heatmap().max());
        pixelsMatch(readout);
        Menu menu = fx(() -> ScaleMenu.of(readout));
        fx(() -> {
            menu.getItems().stream().filter(i -> i.getText().equals(ColorScale.LOG.label)).findFirst().orElseThrow().fire();
            return null;
        });
        assertEquals(ColorScale.LOG, readout.heatmap().scale());
        pixelsMatch(readout);
        double max = readout.heatmap().max();
        fx(() -> {
            lock(menu).setSelected(true);
            return null;
        });
        int before = vm.snapshot().cursor();
        try {
            vm.select(new Selection(1, 1, 0, 96)).join();
            vm.jump(before - 6).join();
            vm.idle().join();
            HeatmapCanvas moved = show(ViewKind.READOUT, 0);
            assertEquals(max, moved.heatmap().max(), 0, "locked: the range stays while stepping and changing head");
            pixelsMatch(moved);
        } finally {
            fx(() -> {
                lock(ScaleMenu.of(readout)).setSelected(false);
                ScaleMenu.of(readout).getItems().getFirst().fire();
                return null;
            });
            vm.select(Selection.DEFAULT).join();
            vm.jump(before).join();
            vm.idle().join();
        }
        assertEquals(ColorScale.LINEAR, show(ViewKind.READOUT, 0).heatmap().scale());
        readout.scaling().setScale(ColorScale.PERCENTILE);
    }

    private static CheckMenuItem lock(Menu m) {
        return (CheckMenuItem) m.getItems().stream().filter(i -> i.getText() != null && i.getText().startsWith("Lock")).findFirst().orElseThrow();
    }

    @Test
    void theStateIsDrawnOnADivergingMapCentredOnZero() {
        HeatmapCanvas keys = show(ViewKind.STATE, 0);
        Heatmap h = keys.heatmap();
        assertEquals(ColorMap.DIVERGING, h.colors());
        assertEquals(-h.max(), h.min());
        pixelsMatch(keys);
        assertEquals(ColorMap.DIVERGING.entry(ColorMap.SIZE / 2), ColorMap.DIVERGING.argb(0, h.min(), h.max()), "0 is the light centre");
    }

    @Test
    void anAblationRetitlesTheViewsAndBadgesThemAndTheStatusBar() {
        vm.setAblations(Ablations.NONE.withReadout(Readout.RELU)).join();
        vm.idle().join();
        try {
            HeatmapCanvas readout = show(ViewKind.READOUT, 0);
            assertTrue(readout.heatmap().title().startsWith("ReLU readout p"), readout.heatmap().title());
            // a tab shown for the first time is laid out by the snapshot: the badge's place is read after it
            WritableImage img = fx(() -> Exports.snapshot(readout, 1));
            double[] b = fx(readout::badgeBounds);
            assertNotNull(b);
            assertEquals(HeatmapCanvas.BADGE, img.getPixelReader().getColor((int) b[0] + 2, (int) (b[1] + b[3] / 2)), "the badge is drawn");
            for (ViewKind k : new ViewKind[]{ViewKind.OCCUPANCY, ViewKind.GATES, ViewKind.PROVENANCE, ViewKind.ATTENTION, ViewKind.STATE})
                assertEquals("ablated: readout=relu", show(k, 0).heatmap().badge(), k.id);
            assertEquals("ablated: readout=relu", fx(() -> statusBadge().getText()));
            assertTrue(fx(() -> statusBadge().isVisible()));
            ChartsPane charts = fx(() -> {
                win.selectView(ViewKind.CHARTS);
                win.render(vm.snapshot());
                return (ChartsPane) win.viewNode(ViewKind.CHARTS);
            });
            assertTrue(fx(() -> charts.charts().getFirst().getSubtitles().stream()
                    .anyMatch(t -> t instanceof TextTitle tt && tt.getText().equals("ablated: readout=relu"))), "the charts carry it too");
            WritableImage overview = fx(() -> {
                win.selectView(ViewKind.OVERVIEW);
                win.render(vm.snapshot());
                return Exports.snapshot(win.viewNode(ViewKind.OVERVIEW), 1);
            });
            int orange = 0;
            for (int x = (int) overview.getWidth() - 200; x < overview.getWidth(); x++)
                if (overview.getPixelReader().getColor(x, 8).equals(HeatmapCanvas.BADGE)) orange++;
            assertTrue(orange > 20, "the overview's badge: " + orange + " orange pixels");
        } finally {
            vm.setAblations(Ablations.NONE).join();
            vm.idle().join();
        }
        assertNull(show(ViewKind.READOUT, 0).heatmap().badge());
        assertEquals("Softmax readout p", show(ViewKind.READOUT, 0).heatmap().title().split(" · ")[0]);
        fx(() -> {
            win.render(vm.snapshot());
            return null;
        });
        assertFalse(fx(() -> statusBadge().isVisible()));
    }

    /** The status bar's badge (FX thread). */
    private static Label statusBadge() {
        return (Label) win.root().lookupAll(".label").stream()
                .filter(n -> n instanceof Label l && l.getStyle().contains("#d9711a"))
                .findFirst().orElseThrow();
    }

    @Test
    void compareDrawsBothSidesOnOneScaleAndExportsACaptionedPicture(@TempDir Path dir) throws Exception {
        vm.setAblations(Ablations.NONE.withConstantDecay(0.5f)).join();
        vm.setCompare(true).join();
        vm.idle().join();
        try {
            HeatmapCanvas ablated = show(ViewKind.COMPARE, 0), baseline = show(ViewKind.COMPARE, 1);
            Heatmap a = ablated.heatmap(), b = baseline.heatmap();
            assertEquals(a.min(), b.min());
            assertEquals(a.max(), b.max());
            assertTrue(a.title().startsWith("[decay=0.5] Slot writes 1−0.5"), a.title());
            assertTrue(b.title().startsWith("[baseline] Slot writes 1−α"), b.title());
            assertNull(b.badge(), "the baseline is not ablated");
            pixelsMatch(ablated);
            pixelsMatch(baseline);
            Path png = dir.resolve("compare.png");
            String caption = fx(() -> Caption.of(vm.snapshot()));
            assertTrue(caption.contains("ablated: decay=0.5 (beside the baseline)"), caption);
            fx(() -> {
                Export.heatmap(ablated, ExportFormat.PNG).write(png, caption);
                return null;
            });
            BufferedImage img = ImageIO.read(png.toFile());
            int plainHeight = (int) fx(() -> Exports.snapshot(ablated, 2)).getHeight();
            assertEquals(plainHeight + 40, img.getHeight(), "a 20 px caption band at twice the size");
            int dark = 0;
            for (int y = plainHeight; y < img.getHeight(); y++)
                for (int x = 0; x < 400; x++) if ((img.getRGB(x, y) & 0xff) < 0x80) dark++;
            assertTrue(dark > 100, "caption text under the picture: " + dark + " dark pixels");
            Path plain = Files.createFile(dir.resolve("plain"));
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(png), "the user's usual file mode");
        } finally {
            vm.setCompare(false).join();
            vm.setAblations(Ablations.NONE).join();
            vm.idle().join();
        }
    }

    @Test
    void provenanceIsOneHeatmapOfEverySlotWithTheChosenOneOutlined() {
        vm.select(new Selection(1, 1, 9, 96)).join();
        vm.idle().join();
        try {
            HeatmapCanvas c = show(ViewKind.PROVENANCE, 0);
            assertSame(c, fx(() -> win.viewNode(ViewKind.PROVENANCE)), "the view is the heatmap alone, no bar chart below");
            assertEquals(64, c.heatmap().rows());
            assertEquals(9, c.heatmap().markRow());
            pixelsMatch(c);
            WritableImage img = fx(() -> Exports.snapshot(c, 1));
            PlotLayout l = PlotLayout.of(c.getWidth(), c.getHeight());
            int y = (int) Math.floor(l.plotY() + 9 * l.plotH() / 64) - 1;
            assertEquals(Color.WHITE, img.getPixelReader().getColor((int) (l.plotX() + l.plotW() / 2), y), "the outline along the top of row 9");
        } finally {
            vm.select(Selection.DEFAULT).join();
            vm.idle().join();
        }
    }

    @Test
    void chartsAndTheStripMarkTheScoredPositionsAndWhereThePromptEnds() {
        ChartsPane charts = fx(() -> {
            win.selectView(ViewKind.CHARTS);
            win.render(vm.snapshot());
            return (ChartsPane) win.viewNode(ViewKind.CHARTS);
        });
        var markers = fx(() -> charts.charts().getFirst().getXYPlot().getDomainMarkers(org.jfree.chart.ui.Layer.FOREGROUND));
        assertEquals(15.5, ((ValueMarker) markers.iterator().next()).getValue(), "between the 8th pair and the first query");
        assertEquals(8, fx(() -> charts.charts().getFirst().getXYPlot().getDataset(1).getItemCount(0)), "the 8 answers are scored");
        vm.setScoringRule(ScoringRule.EVERY).join();
        try {
            fx(() -> {
                win.render(vm.snapshot());
                return null;
            });
            assertEquals(vm.snapshot().computed() - 1, fx(() -> charts.charts().getFirst().getXYPlot().getDataset(1).getItemCount(0)));
        } finally {
            vm.setScoringRule(null).join();
        }
        TokenStrip strip = fx(() -> {
            win.render(vm.snapshot());
            return (TokenStrip) win.root().lookupAll("*").stream().filter(n -> n instanceof TokenStrip).findFirst().orElseThrow();
        });
        WritableImage img = fx(() -> Exports.snapshot(strip, 1));
        // the strip starts at token 14 here (cursor 25, 16 cells): the prompt ends before token 16, the 3rd cell
        double cell = 50;
        int first = 14;
        assertEquals(TokenStrip.PROMPT_END, img.getPixelReader().getColor((int) ((16 - first) * cell), 3));
        assertEquals(TokenStrip.SCORED, img.getPixelReader().getColor((int) ((17 - first) * cell + cell / 2), 42), "token 17 (an answer) is underlined");
        assertNotEquals(TokenStrip.SCORED, img.getPixelReader().getColor((int) ((18 - first) * cell + cell / 2), 42), "token 18 (a query key) is not");
        // the key to the loss shades: low losses faint violet, high ones orange, neither the strip's background
        double keyY = strip.getHeight() - 12;
        Color low = img.getPixelReader().getColor(50, (int) keyY), high = img.getPixelReader().getColor(165, (int) keyY),
                panel = img.getPixelReader().getColor(2, (int) keyY);
        assertTrue(low.getBlue() > low.getGreen() && high.getRed() > high.getBlue() + 0.2, low + " " + high);
        assertNotEquals(panel, low);
    }

    @Test
    void theDarkThemeAndTheFontSizeReachTheSceneTheCanvasesAndThePreferencesFile() {
        HeatmapCanvas gates = show(ViewKind.GATES, 0);
        try {
            fx(() -> {
                win.setDisplayPreferences(new DisplayPreferences(Theme.DARK, 16));
                return null;
            });
            assertTrue(fx(() -> win.root().getStylesheets().stream().anyMatch(s -> s.endsWith("dark.css"))));
            assertTrue(fx(() -> win.root().getStyle()).contains("-fx-font-size: 16px"));
            Node someLabel = fx(() -> win.root().lookupAll(".label").stream().filter(n -> n instanceof Label l && l.getText().startsWith("Scored")
                    || n instanceof Label).findFirst().orElseThrow());
            fx(() -> {
                win.root().applyCss();
                win.root().layout();
                return null;
            });
            assertTrue(fx(() -> ((Label) someLabel).getFont().getSize()) >= 14, "labels follow the font size");
            WritableImage img = fx(() -> {
                win.render(vm.snapshot());
                return Exports.snapshot(gates, 1);
            });
            Color bg = img.getPixelReader().getColor(2, 2);
            assertEquals(Theme.DARK.background, (int) Math.round(bg.getRed() * 255) << 16 | (int) Math.round(bg.getGreen() * 255) << 8 | (int) Math.round(bg.getBlue() * 255));
            assertEquals(new DisplayPreferences(Theme.DARK, 16), DisplayPreferences.read(prefs), "remembered");
        } finally {
            fx(() -> {
                win.setDisplayPreferences(DisplayPreferences.DEFAULT);
                return null;
            });
        }
        assertTrue(fx(() -> win.root().getStylesheets().stream().noneMatch(s -> s.endsWith("dark.css"))));
        Color bg = fx(() -> {
            win.render(vm.snapshot());
            return Exports.snapshot(gates, 1);
        }).getPixelReader().getColor(2, 2);
        assertEquals(Color.WHITE, bg);
    }
}
