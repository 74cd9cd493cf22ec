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
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import javafx.util.Duration;
import org.gsaexplorer.visualizer.render.ColorScale;
import org.gsaexplorer.visualizer.render.ColorScaling;
import org.gsaexplorer.visualizer.render.Heatmap;
import org.gsaexplorer.visualizer.render.PlotLayout;

import java.nio.IntBuffer;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * One heatmap on screen: the cells go into an image at data resolution (one pixel per cell, through a PixelBuffer),
 * scaled up without smoothing, with axes, a labelled colour bar, the colour scale in use (right-click to change or
 * lock it), an "ablated" badge when the run is ablated, and a tooltip giving the exact value, row and column.
 */
public final class HeatmapCanvas extends CanvasRegion {
    /** The badge's colour. */
    public static final Color BADGE = Badge.COLOR;
    private final Tooltip tip = new Tooltip();
    private final ColorScaling scaling;
    private Heatmap raw, heatmap;
    private IntBuffer buffer;
    private PixelBuffer<IntBuffer> pixels;
    private WritableImage image;
    private int[] argb = new int[0];
    private BiConsumer<Integer, Integer> onCellClicked, onCellHovered = (r, c) -> { };
    // more lines for a cell's tooltip (what else a panel knows of it), or null
    private BiFunction<Integer, Integer, String> cellNotes;
    private Runnable onScaleChanged = () -> { if (raw != null) setHeatmap(raw); };
    // a row and a column to outline (the token hovered anywhere), or −1
    private int litRow = -1, litCol = -1;

    public HeatmapCanvas() {
        this(new ColorScaling(ColorScale.LINEAR));
    }

    /** A heatmap drawn on {@code scaling}, which other canvases may share (one scale for both sides of a comparison). */
    public HeatmapCanvas(ColorScaling scaling) {
        this.scaling = scaling;
        getStyleClass().add("heatmap");
        setMinSize(120, 80);
        setPrefSize(520, 300);
        tip.setShowDelay(Duration.millis(60));
        tip.setHideDelay(Duration.millis(40));
        Tooltip.install(canvas, tip);
        canvas.setOnMouseMoved(e -> {
            int[] cell = cellAt(e.getX(), e.getY());
            tip.setText(cell == null ? heatmap == null ? "" : heatmap.title() + "\nright-click: colour scale, export" : describe(cell[0], cell[1]));
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

    /** Lines the tooltip of cell (row, column) adds after its value, row and column; null: none. */
    public void setCellNotes(BiFunction<Integer, Integer, String> notes) {
        cellNotes = notes;
    }

    /** Outlines row {@code r} and column {@code c} (−1: none), as a token hovered in another view asks. */
    public void highlight(int r, int c) {
        if (r == litRow && c == litCol) return;
        litRow = r;
        litCol = c;
        paint();
    }

    /** The colour scale this canvas draws on; after changing it, call {@link #scaleChanged}. */
    public ColorScaling scaling() {
        return scaling;
    }

    /** Redraws after the scale changed: this canvas's last heatmap, or what {@link #setOnScaleChanged} says. */
    public void scaleChanged() {
        onScaleChanged.run();
    }

    /** What redraws a canvas whose scale is shared (the view that owns both). */
    public void setOnScaleChanged(Runnable r) {
        onScaleChanged = r;
    }

    /** The heatmap as drawn: on this canvas's colour scale. */
    public Heatmap heatmap() {
        return heatmap;
    }

    /** The tooltip text of a cell: its value to four significant digits, row and column, and its notes. */
    public String describe(int r, int c) {
        String notes = cellNotes == null ? null : cellNotes.apply(r, c);
        return heatmap.valueName() + " = " + Digits.four(heatmap.value(r, c)) + "\n"
                + axisLine(heatmap.rowAxis(), heatmap.rowName().apply(r)) + "\n" + axisLine(heatmap.colAxis(), heatmap.colName().apply(c))
                + (notes == null || notes.isEmpty() ? "" : "\n" + notes);
    }

    /** "axis: name", or the name alone when it already says the axis ("slot 24", not "slot: slot 24"). */
    private static String axisLine(String axis, String name) {
        return name.startsWith(axis) ? name : axis + ": " + name;
    }

    public int[] cellAt(double x, double y) {
        if (heatmap == null) return null;
        return PlotLayout.of(getWidth(), getHeight()).cellAt(x, y, heatmap.rows(), heatmap.cols());
    }

    /** Draws {@code h} on this canvas's colour scale. */
    public void setHeatmap(Heatmap h) {
        raw = h;
        draw(scaling.apply(h));
    }

    /** Draws {@code h} as it is, already on this canvas's scale (shared with another canvas by the caller). */
    public void setScaledHeatmap(Heatmap h) {
        raw = h;
        draw(h);
    }

    private void draw(Heatmap h) {
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

    /** Where the badge is drawn ({x, y, w, h}), or null without one; tests look for its colour there. */
    public double[] badgeBounds() {
        if (heatmap == null || heatmap.badge() == null) return null;
        Text title = new Text(heatmap.title());
        title.setFont(Appearance.font(12, true));
        double x = PlotLayout.of(getWidth(), getHeight()).plotX();
        return Badge.bounds(heatmap.badge(), getWidth(), x, x + title.getLayoutBounds().getWidth() + 10);
    }

    @Override
    protected void paint() {
        double w = getWidth(), hh = getHeight();
        GraphicsContext g = clear(Appearance.background());
        if (heatmap == null || w < 20 || hh < 20) return;
        Heatmap h = heatmap;
        PlotLayout l = PlotLayout.of(w, hh);
        Font small = Appearance.font(10, false);
        g.setFill(Appearance.text());
        g.setFont(Appearance.font(12, true));
        g.setTextBaseline(VPos.BASELINE);
        g.setTextAlign(TextAlignment.LEFT);
        double[] b = badgeBounds();
        if (b != null) {
            // a long title gives way to the badge: it is cut short before it
            g.save();
            g.beginPath();
            g.rect(0, 0, b[0] - 4, l.plotY());
            g.clip();
            g.fillText(h.title(), l.plotX(), 15);
            g.restore();
            Badge.draw(g, h.badge(), b);
        } else g.fillText(h.title(), l.plotX(), 15);
        g.setImageSmoothing(false);
        g.drawImage(image, 0, 0, h.cols(), h.rows(), l.plotX(), l.plotY(), l.plotW(), l.plotH());
        double cw = l.plotW() / h.cols(), ch = l.plotH() / h.rows();
        g.setStroke(Color.WHITE);
        if (h.markCol() >= 0 && h.markCol() < h.cols()) {
            g.setLineWidth(1.2);
            g.strokeRect(l.plotX() + h.markCol() * cw, l.plotY(), cw, l.plotH());
        }
        if (h.markRow() >= 0 && h.markRow() < h.rows()) {
            // the chosen row, outlined in white over a dark rim so it shows on light and dark cells alike; on pixel
            // centres, so the white line is one crisp pixel wide
            double x = Math.floor(l.plotX()) - 0.5, y = Math.floor(l.plotY() + h.markRow() * ch) - 0.5;
            double rw = Math.ceil(l.plotW()) + 1, rh = Math.max(1, Math.round(ch)) + 1;
            g.setStroke(Color.rgb(0, 0, 0, 0.6));
            g.setLineWidth(3);
            g.strokeRect(x, y, rw, rh);
            g.setStroke(Color.WHITE);
            g.setLineWidth(1);
            g.strokeRect(x, y, rw, rh);
        }
        g.setStroke(Appearance.HOVER);
        g.setLineWidth(1.5);
        if (litCol >= 0 && litCol < h.cols()) g.strokeRect(l.plotX() + litCol * cw, l.plotY(), cw, l.plotH());
        if (litRow >= 0 && litRow < h.rows()) g.strokeRect(l.plotX(), l.plotY() + litRow * ch, l.plotW(), ch);
        g.setFont(small);
        g.setFill(Appearance.subtle());
        g.setTextAlign(TextAlignment.CENTER);
        for (int c : PlotLayout.ticks(h.cols(), (int) Math.max(2, l.plotW() / 70)))
            g.fillText(h.colName().apply(c), l.plotX() + (c + 0.5) * cw, l.plotY() + l.plotH() + 13);
        g.setTextAlign(TextAlignment.RIGHT);
        for (int r : PlotLayout.ticks(h.rows(), (int) Math.max(2, l.plotH() / 22)))
            g.fillText(h.rowName().apply(r), l.plotX() - 4, l.plotY() + (r + 0.5) * ch + 4);
        g.fillText(h.colAxis() + " →", l.plotX() + l.plotW(), hh - 2);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText("scale: " + scaling.describe(), l.plotX(), hh - 2);
        g.drawImage(ColorBars.of(h.colors()), l.barX(), l.plotY(), l.barW(), l.plotH());
        g.fillText(h.barLabel(1), l.barX() + l.barW() + 3, l.plotY() + 8);
        g.fillText(h.barLabel(0.5), l.barX() + l.barW() + 3, l.plotY() + l.plotH() / 2 + 4);
        g.fillText(h.barLabel(0), l.barX() + l.barW() + 3, l.plotY() + l.plotH());
        g.save();
        g.translate(l.barX() + l.barW() + 44, l.plotY() + l.plotH() / 2);
        g.rotate(-90);
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText(h.valueName(), 0, 0);
        g.restore();
    }
}
