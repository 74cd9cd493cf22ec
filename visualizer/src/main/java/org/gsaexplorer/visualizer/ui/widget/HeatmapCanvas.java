package org.gsaexplorer.visualizer.ui.widget;

import org.gsaexplorer.visualizer.render.Digits;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.image.PixelBuffer;
import javafx.scene.input.MouseButton;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import javafx.util.Duration;
import org.gsaexplorer.visualizer.render.Heatmap;
import org.gsaexplorer.visualizer.render.PlotLayout;

import java.nio.IntBuffer;
import java.util.function.BiConsumer;

/**
 * One heatmap on screen: the cells go into an image at data resolution (one pixel per cell, through a PixelBuffer),
 * scaled up without smoothing, with axes, a labelled colour bar and a tooltip giving the exact value, row and column.
 */
public final class HeatmapCanvas extends CanvasRegion {
    private static final Font TITLE = Font.font("System", FontWeight.BOLD, 12), SMALL = Font.font("System", 10);
    private final Tooltip tip = new Tooltip();
    private Heatmap heatmap;
    private IntBuffer buffer;
    private PixelBuffer<IntBuffer> pixels;
    private WritableImage image;
    private int[] argb = new int[0];
    private BiConsumer<Integer, Integer> onCellClicked, onCellHovered = (r, c) -> { };
    // a row and a column to outline (the token hovered anywhere), or −1
    private int litRow = -1, litCol = -1;

    public HeatmapCanvas() {
        getStyleClass().add("heatmap");
        setMinSize(120, 80);
        setPrefSize(520, 300);
        tip.setShowDelay(Duration.millis(60));
        tip.setHideDelay(Duration.millis(40));
        Tooltip.install(canvas, tip);
        canvas.setOnMouseMoved(e -> {
            int[] cell = cellAt(e.getX(), e.getY());
            tip.setText(cell == null ? heatmap == null ? "" : heatmap.title() : describe(cell[0], cell[1]));
            if (cell == null) onCellHovered.accept(-1, -1);
            else onCellHovered.accept(cell[0], cell[1]);
        });
        canvas.setOnMouseExited(e -> onCellHovered.accept(-1, -1));
        canvas.setOnMouseClicked(e -> {
            // a right click opens the export menu: it must not move the cursor under the picture being exported
            if (e.getButton() != MouseButton.PRIMARY) return;
            int[] cell = cellAt(e.getX(), e.getY());
            if (cell != null && onCellClicked != null) onCellClicked.accept(cell[0], cell[1]);
        });
    }

    public void setOnCellClicked(BiConsumer<Integer, Integer> handler) {
        onCellClicked = handler;
    }

    /** Told the cell under the mouse as it moves, (−1, −1) when it leaves the cells. */
    public void setOnCellHovered(BiConsumer<Integer, Integer> handler) {
        onCellHovered = handler;
    }

    /** Outlines row {@code r} and column {@code c} (−1: none), as a token hovered in another view asks. */
    public void highlight(int r, int c) {
        if (r == litRow && c == litCol) return;
        litRow = r;
        litCol = c;
        paint();
    }

    public Heatmap heatmap() {
        return heatmap;
    }

    /** The tooltip text of a cell: its value to four significant digits, row and column. */
    public String describe(int r, int c) {
        return heatmap.valueName() + " = " + Digits.four(heatmap.value(r, c)) + "\n"
                + axisLine(heatmap.rowAxis(), heatmap.rowName().apply(r)) + "\n" + axisLine(heatmap.colAxis(), heatmap.colName().apply(c));
    }

    /** "axis: name", or the name alone when it already says the axis ("slot 24", not "slot: slot 24"). */
    private static String axisLine(String axis, String name) {
        return name.startsWith(axis) ? name : axis + ": " + name;
    }

    public int[] cellAt(double x, double y) {
        if (heatmap == null) return null;
        return PlotLayout.of(getWidth(), getHeight()).cellAt(x, y, heatmap.rows(), heatmap.cols());
    }

    public void setHeatmap(Heatmap h) {
        heatmap = h;
        int n = h.rows() * h.cols();
        if (image == null || (int) image.getWidth() != h.cols() || (int) image.getHeight() != h.rows()) {
            argb = new int[n];
            buffer = IntBuffer.wrap(argb);
            pixels = new PixelBuffer<>(h.cols(), h.rows(), buffer, PixelFormat.getIntArgbPreInstance());
            image = new WritableImage(pixels);
        }
        h.raster(argb);
        pixels.updateBuffer(b -> null);
        paint();
    }

    @Override
    protected void paint() {
        double w = getWidth(), hh = getHeight();
        GraphicsContext g = clear(Color.WHITE);
        if (heatmap == null || w < 20 || hh < 20) return;
        Heatmap h = heatmap;
        PlotLayout l = PlotLayout.of(w, hh);
        g.setFill(Color.rgb(0x20, 0x20, 0x24));
        g.setFont(TITLE);
        g.setTextBaseline(VPos.BASELINE);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(h.title(), l.plotX(), 15);
        g.setImageSmoothing(false);
        g.drawImage(image, 0, 0, h.cols(), h.rows(), l.plotX(), l.plotY(), l.plotW(), l.plotH());
        double cw = l.plotW() / h.cols(), ch = l.plotH() / h.rows();
        if (h.markCol() >= 0 && h.markCol() < h.cols()) {
            g.setStroke(Color.WHITE);
            g.setLineWidth(1.2);
            g.strokeRect(l.plotX() + h.markCol() * cw, l.plotY(), cw, l.plotH());
        }
        g.setStroke(Color.rgb(0x00, 0xc8, 0xff));
        g.setLineWidth(1.5);
        if (litCol >= 0 && litCol < h.cols()) g.strokeRect(l.plotX() + litCol * cw, l.plotY(), cw, l.plotH());
        if (litRow >= 0 && litRow < h.rows()) g.strokeRect(l.plotX(), l.plotY() + litRow * ch, l.plotW(), ch);
        g.setFont(SMALL);
        g.setFill(Color.rgb(0x40, 0x40, 0x48));
        g.setTextAlign(TextAlignment.CENTER);
        for (int c : PlotLayout.ticks(h.cols(), (int) Math.max(2, l.plotW() / 70)))
            g.fillText(h.colName().apply(c), l.plotX() + (c + 0.5) * cw, l.plotY() + l.plotH() + 13);
        g.setTextAlign(TextAlignment.RIGHT);
        for (int r : PlotLayout.ticks(h.rows(), (int) Math.max(2, l.plotH() / 22)))
            g.fillText(h.rowName().apply(r), l.plotX() - 4, l.plotY() + (r + 0.5) * ch + 4);
        g.fillText(h.colAxis() + " →", l.plotX() + l.plotW(), hh - 2);
        g.drawImage(ColorBars.of(h.colors()), l.barX(), l.plotY(), l.barW(), l.plotH());
        g.setFill(Color.rgb(0x40, 0x40, 0x48));
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(PlotLayout.format(h.max()), l.barX() + l.barW() + 3, l.plotY() + 8);
        g.fillText(PlotLayout.format((h.min() + h.max()) / 2), l.barX() + l.barW() + 3, l.plotY() + l.plotH() / 2 + 4);
        g.fillText(PlotLayout.format(h.min()), l.barX() + l.barW() + 3, l.plotY() + l.plotH());
        g.save();
        g.translate(l.barX() + l.barW() + 44, l.plotY() + l.plotH() / 2);
        g.rotate(-90);
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText(h.valueName(), 0, 0);
        g.restore();
    }
}
