package org.gsaexplorer.visualizer.ui;

import javafx.scene.Parent;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ToggleGroup;
import org.gsaexplorer.visualizer.render.DisplayPreferences;
import org.gsaexplorer.visualizer.render.Theme;
import org.gsaexplorer.visualizer.ui.widget.Appearance;

import java.nio.file.Path;
import java.util.List;

/**
 * The View menu's look: a dark theme for projectors and the font size. Applies them to the window (stylesheet, base
 * colour and font size on the root; theme and font scale for the canvases), repaints, and remembers them.
 */
final class AppearanceMenu {
    static final List<Integer> SIZES = List.of(11, 12, 14, 16, 18, 20, 24);
    private final Parent root;
    private final Path file;
    private final Runnable repaint;
    private DisplayPreferences prefs;
    private final CheckMenuItem dark = new CheckMenuItem("Dark theme (projector)");
    private final Menu size = new Menu("Font size");

    /**
     * @param file    where the choice is kept
     * @param repaint redraws what is on screen after a change
     */
    AppearanceMenu(Parent root, Path file, Runnable repaint) {
        this.root = root;
        this.file = file;
        this.repaint = repaint;
        prefs = DisplayPreferences.read(file);
        dark.setOnAction(e -> set(new DisplayPreferences(dark.isSelected() ? Theme.DARK : Theme.LIGHT, prefs.fontSize())));
        ToggleGroup group = new ToggleGroup();
        for (int px : SIZES) {
            RadioMenuItem r = new RadioMenuItem(px + " px" + (px == DisplayPreferences.DEFAULT_FONT ? " (default)" : ""));
            r.setToggleGroup(group);
            r.setUserData(px);
            r.setOnAction(e -> set(new DisplayPreferences(prefs.theme(), px)));
            size.getItems().add(r);
        }
        apply();
    }

    /** The stylesheet of theme {@code t} (its {@link Theme#stylesheet}, beside this class). */
    static String css(Theme t) {
        return AppearanceMenu.class.getResource(t.stylesheet).toExternalForm();
    }

    List<MenuItem> items() {
        return List.of(dark, size);
    }

    DisplayPreferences preferences() {
        return prefs;
    }

    /** Applies {@code p}, repaints and saves it. */
    void set(DisplayPreferences p) {
        prefs = p;
        apply();
        repaint.run();
        prefs.write(file);
    }

    private void apply() {
        Theme t = prefs.theme();
        Appearance.set(t, prefs.fontScale());
        root.setStyle(String.format("-fx-font-size: %dpx; -fx-base: #%06x;", prefs.fontSize(), t.base));
        for (Theme other : Theme.values()) if (other.stylesheet != null) root.getStylesheets().remove(css(other));
        if (t.stylesheet != null) root.getStylesheets().add(css(t));
        dark.setSelected(t == Theme.DARK);
        size.getItems().forEach(i -> ((RadioMenuItem) i).setSelected(i.getUserData().equals(prefs.fontSize())));
    }
}
