package org.gsaexplorer.visualizer.ui.widget;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/** A region drawn on one canvas that fills it: resized with the region, then repainted. */
public abstract class CanvasRegion extends Region {
    protected final Canvas canvas = new Canvas();

    protected CanvasRegion() {
        getChildren().add(canvas);
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        paint();
    }

    /** Draws the whole canvas at the region's current size. */
    protected abstract void paint();

    /** The canvas' graphics context after filling the whole region with {@code background}. */
    protected GraphicsContext clear(Color background) {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(background);
        g.fillRect(0, 0, getWidth(), getHeight());
        return g;
    }
}
