package org.gsaexplorer.visualizer.ui.widget;

import org.gsaexplorer.visualizer.ui.widget.ChartsPane;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.gsaexplorer.visualizer.FxRuntime;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.session.Selection;
import org.gsaexplorer.visualizer.session.SyntheticRun;
import org.gsaexplorer.visualizer.session.Tokens;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.data.Range;
import org.junit.jupiter.api.BeforeAll;
import org.jfree.svg.SVGGraphics2D;
import org.junit.jupiter.api.Test;

import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The charts: the SVG export carries the cursor line of the screen at the cursor's token; hovering reads exact values. */
class ChartsFxTest {
    static final int W = 720, H = 300;
    static final Pattern CURSOR_LINE = Pattern.compile(
            "<line x1=['\"]([-0-9.]+)['\"] y1=['\"]([-0-9.]+)['\"] x2=['\"]([-0-9.]+)['\"] y2=['\"]([-0-9.]+)['\"][^>]*stroke: ?rgb\\(217, ?71, ?26\\)[^>]*>");

    @BeforeAll
    static void toolkit() {
        assumeTrue(FxRuntime.hasDisplay(), "no display: the FX tests run under xvfb-run -a (./gsa-explorer test does this)");
        System.setProperty("prism.order", "sw");
        FxRuntime.start();
    }

    @Test
    void theCursorLineIsInTheSvgAtTheCurrentToken() {
        ExplorerSnapshot s = SyntheticRun.snapshot(3, 2, 8, 200, 4, 150, new Selection(1, 1, 0, 64));
        record Export(String svg, List<JFreeChart> charts) {
        }
        Export e = FxRuntime.call(() -> {
            ChartsPane p = new ChartsPane();
            p.show(s);
            return new Export(p.svg(W, H), p.charts());
        });
        List<double[]> lines = new ArrayList<>();
        Matcher m = CURSOR_LINE.matcher(e.svg());
        while (m.find()) lines.add(new double[]{num(m, 1), num(m, 2), num(m, 3), num(m, 4)});
        // where each chart's data area lies when drawn at the export's size (same font metrics), and the token at its x
        List<double[]> expected = new ArrayList<>();
        SVGGraphics2D g = new SVGGraphics2D(W, H * 4);
        for (int i = 0; i < e.charts().size(); i++) {
            ChartRenderingInfo info = new ChartRenderingInfo();
            e.charts().get(i).draw(g, new Rectangle2D.Double(0, i * H, W, H), null, info);
            Rectangle2D area = info.getPlotInfo().getDataArea();
            Range r = e.charts().get(i).getXYPlot().getDomainAxis().getRange();
            double x = area.getMinX() + (s.current() - r.getLowerBound()) / r.getLength() * area.getWidth();
            // the Δloss chart has no series without a baseline: the cursor is off its axis
            if (x >= area.getMinX() && x <= area.getMaxX()) expected.add(new double[]{x, area.getMinY(), x, area.getMaxY()});
        }
        assertEquals(3, expected.size(), "loss, entropy and mean α show the cursor");
        assertEquals(expected.size(), lines.size(), e.svg().length() + " characters of SVG, cursor lines: " + lines.size());
        for (int i = 0; i < expected.size(); i++)
            for (int k = 0; k < 4; k++) assertEquals(expected.get(i)[k], lines.get(i)[k], 0.01, "chart " + i + " coordinate " + k);
    }

    @Test
    void theTooltipTextIsTheTokenAndEachSeriesValue() {
        ExplorerSnapshot s = SyntheticRun.snapshot(3, 2, 8, 200, 4, 150, new Selection(1, 1, 0, 64));
        ChartsPane pane = FxRuntime.call(() -> {
            ChartsPane p = new ChartsPane();
            Stage stage = new Stage();
            stage.setScene(new Scene(p, 1000, 700));
            stage.show();
            p.show(s);
            return p;
        });
        FxRuntime.pulses(4);
        // sweep the mean-α chart from left to right until the mouse is over token 120
        String text = FxRuntime.call(() -> {
            for (double x = 0; x < 1000; x += 0.25) {
                String t = pane.valuesAt(2, x);
                if (t.startsWith("token 120 ")) return t;
            }
            return "";
        });
        Tokens tokens = s.main().tokens();
        String[] lines = text.split("\n");
        assertEquals("token 120 '" + tokens.text(120) + "'", lines[0], text);
        assertEquals(1 + 3, lines.length, "one line per layer: " + text);
        for (int l = 0; l < 3; l++)
            assertEquals("L" + l + " = " + String.format(Locale.ROOT, "%.4g", (double) tokens.meanAlpha(120, l)), lines[1 + l]);
        assertTrue(FxRuntime.call(() -> pane.valuesAt(2, -50)).isEmpty(), "left of the first token there is nothing to read");
    }

    private static double num(Matcher m, int group) {
        return Double.parseDouble(m.group(group));
    }
}
