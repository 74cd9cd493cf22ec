package org.gsaexplorer.visualizer.render;

import java.util.Locale;
import java.util.Optional;

/**
 * The explorer's two looks: light for the desk, dark for projectors (a dark room washes out white backgrounds, and
 * light text on near-black stays legible from the back). Colours as RGB for canvases, charts and SVGs; the controls
 * follow the stylesheet named here.
 */
public enum Theme {
    LIGHT(0xffffff, 0xf6f6f8, 0x202024, 0x404048, 0xececf0, null),
    DARK(0x1b1b1f, 0x26262c, 0xe8e8ee, 0xb4b4be, 0x2e2e34, "dark.css");

    /** Background of plots, of strips, title text, axis text; the controls' base colour (-fx-base). */
    public final int background, panel, text, subtle, base;
    /** The stylesheet (beside {@link Theme}'s ui classes) that restyles the controls, or null for Modena's own. */
    public final String stylesheet;
    public final String id = name().toLowerCase(Locale.ROOT);

    Theme(int background, int panel, int text, int subtle, int base, String stylesheet) {
        this.background = background;
        this.panel = panel;
        this.text = text;
        this.subtle = subtle;
        this.base = base;
        this.stylesheet = stylesheet;
    }

    public static Optional<Theme> parse(String id) {
        for (Theme t : values()) if (t.id.equals(id)) return Optional.of(t);
        return Optional.empty();
    }
}
