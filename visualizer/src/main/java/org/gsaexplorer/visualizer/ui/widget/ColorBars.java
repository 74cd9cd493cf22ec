package org.gsaexplorer.visualizer.ui.widget;

import javafx.scene.image.Image;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import org.gsaexplorer.visualizer.render.ColorMap;

import java.util.EnumMap;
import java.util.Map;

/**
 * Each colour map as a 1 × {@value ColorMap#SIZE} image, high end at the top: a colour bar is then one scaled image
 * draw per frame instead of {@value ColorMap#SIZE} filled rectangles for the renderer to rasterise. FX thread only.
 */
final class ColorBars {
    private static final Map<ColorMap, Image> BARS = new EnumMap<>(ColorMap.class);

    private ColorBars() {
    }

    static Image of(ColorMap cm) {
        return BARS.computeIfAbsent(cm, c -> {
            WritableImage im = new WritableImage(1, ColorMap.SIZE);
            PixelWriter w = im.getPixelWriter();
            for (int i = 0; i < ColorMap.SIZE; i++) w.setArgb(0, ColorMap.SIZE - 1 - i, 0xff000000 | c.entry(i));
            return im;
        });
    }
}
