package org.gsaexplorer.visualizer.ui.widget;

import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import org.gsaexplorer.visualizer.render.ColorScale;
import org.gsaexplorer.visualizer.render.ColorScaling;

/** A heatmap's "Colour scale" menu: linear, 99th-percentile clip, log or per row, and a lock that keeps the range. */
public final class ScaleMenu {
    private ScaleMenu() {
    }

    public static Menu of(HeatmapCanvas h) {
        ColorScaling s = h.scaling();
        Menu m = new Menu("Colour scale");
        ToggleGroup group = new ToggleGroup();
        for (ColorScale c : ColorScale.values()) {
            RadioMenuItem r = new RadioMenuItem(c.label);
            r.setToggleGroup(group);
            r.setSelected(s.scale() == c);
            r.setOnAction(e -> {
                s.setScale(c);
                h.scaleChanged();
            });
            m.getItems().add(r);
        }
        CheckMenuItem lock = new CheckMenuItem("Lock range (keep it while stepping)");
        lock.setSelected(s.locked());
        lock.selectedProperty().addListener((o, was, on) -> {
            s.setLocked(on);
            h.scaleChanged();
        });
        m.getItems().addAll(new SeparatorMenuItem(), lock);
        return m;
    }
}
