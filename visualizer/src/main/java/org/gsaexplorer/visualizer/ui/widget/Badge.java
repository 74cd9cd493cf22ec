package org.gsaexplorer.visualizer.ui.widget;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Text;

/** The "ablated: …" badge drawn at the top right of a canvas view: white bold text on orange. */
final class Badge {
    /** Orange, apart from every colour map's hues at the title's size. */
    static final Color COLOR = Color.rgb(0xd9, 0x71, 0x1a);

    private Badge() {
    }

    /**
     * {x, y, w, h} of {@code text}'s badge in a canvas {@code width} wide: at {@code after} (just past the title) when
     * it fits there, else right-aligned, but never left of {@code minX}.
     */
    static double[] bounds(String text, double width, double minX, double after) {
        Text t = new Text(text);
        t.setFont(Appearance.font(10.5, true));
        double bw = t.getLayoutBounds().getWidth() + 10, bh = Appearance.size(10.5) + 6;
        double x = after + bw + 6 <= width ? after : width - bw - 6;
        return new double[]{Math.max(minX, x), 2, bw, bh};
    }

    static void draw(GraphicsContext g, String text, double[] b) {
        g.setFill(COLOR);
        g.fillRoundRect(b[0], b[1], b[2], b[3], 6, 6);
        g.setFill(Color.WHITE);
        g.setFont(Appearance.font(10.5, true));
        g.setTextAlign(javafx.scene.text.TextAlignment.LEFT);
        g.fillText(text, b[0] + 5, b[1] + b[3] - 4);
    }
}
