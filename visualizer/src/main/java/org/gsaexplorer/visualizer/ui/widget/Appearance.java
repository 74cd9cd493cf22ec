package org.gsaexplorer.visualizer.ui.widget;

import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import org.gsaexplorer.visualizer.render.Theme;

/**
 * The theme and font size the canvases paint with (the window sets them from the View menu; FX thread). Canvases read
 * them at each paint, so the window repaints after a change.
 */
public final class Appearance {
    /** The outline of the token hovered in any view, in every view; reads on both themes. */
    public static final Color HOVER = Color.rgb(0x00, 0xc8, 0xff);

    private static Theme theme = Theme.LIGHT;
    private static double fontScale = 1;

    private Appearance() {
    }

    public static Theme theme() {
        return theme;
    }

    /** Sets the theme and the canvases' font scale (font size / the default 12 px). */
    public static void set(Theme t, double scale) {
        theme = t;
        fontScale = scale;
    }

    /** A canvas font size for the default size {@code px}. */
    static double size(double px) {
        return Math.round(px * fontScale * 2) / 2.0;
    }

    /** The system font at the scaled size of {@code px}. */
    static Font font(double px, boolean bold) {
        return Font.font("System", bold ? FontWeight.BOLD : FontWeight.NORMAL, size(px));
    }

    static Color color(int rgb) {
        return Color.rgb(rgb >> 16 & 255, rgb >> 8 & 255, rgb & 255);
    }

    static Color background() {
        return color(theme.background);
    }

    static Color panel() {
        return color(theme.panel);
    }

    static Color text() {
        return color(theme.text);
    }

    static Color subtle() {
        return color(theme.subtle);
    }
}
