package org.gsaexplorer.visualizer.ui.widget;

import javafx.scene.Node;
import javafx.scene.layout.HBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Rectangle;

/**
 * Transport icons drawn as shapes: a font may lack the media symbols (⏸ came out as a missing-glyph box on the
 * default Linux fonts), shapes always draw.
 */
public final class Glyphs {
    private static final Color INK = Color.rgb(0x30, 0x30, 0x38);

    private Glyphs() {
    }

    /** A right-pointing triangle. */
    public static Node play() {
        Polygon p = new Polygon(0, 0, 9, 5, 0, 10);
        p.setFill(INK);
        p.getStyleClass().add("glyph-play");
        return p;
    }

    /** Two bars. */
    public static Node pause() {
        HBox bars = new HBox(3, bar(), bar());
        bars.getStyleClass().add("glyph-pause");
        return bars;
    }

    private static Rectangle bar() {
        Rectangle r = new Rectangle(3, 10);
        r.setFill(INK);
        return r;
    }
}
