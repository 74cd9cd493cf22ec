package org.gsaexplorer.visualizer.ui;

import javafx.scene.Scene;
import javafx.stage.Stage;
import org.gsaexplorer.visualizer.FxRuntime;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.session.Selection;
import org.gsaexplorer.visualizer.session.SyntheticRun;
import org.gsaexplorer.visualizer.session.Tokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Hovering a chart reads the exact values of every series at the token under the mouse. */
class ChartsHoverFxTest {
    @BeforeAll
    static void toolkit() {
        assumeTrue(FxRuntime.hasDisplay(), "no display: the FX tests run under xvfb-run -a (./gsa-explorer test does this)");
        System.setProperty("prism.order", "sw");
        FxRuntime.start();
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
}
