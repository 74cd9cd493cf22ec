package org.gsaexplorer.visualizer.ui;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.util.Duration;
import org.gsaexplorer.visualizer.render.ColorMap;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.session.ProbeAccess;
import org.gsaexplorer.visualizer.session.ProbeField;

import java.nio.IntBuffer;
import java.util.function.BiConsumer;

/**
 * All layers × kv heads as small multiples of slot writes (slots × time), in one image on one scale; click a tile to
 * zoom into that layer and head.
 */
public final class OverviewCanvas extends Region {
    private static final int GAP = 2;
    private final Canvas canvas = new Canvas();
    private final Tooltip tip = new Tooltip();
    private WritableImage image;
    private PixelBuffer<IntBuffer> pixels;
    private int[] argb = new int[0];
    private int layers, heads, slots, cols, t0;
    private double max = 1;
    private ExplorerSnapshot snap;
    private BiConsumer<Integer, Integer> onZoom = (l, h) -> { };

    public OverviewCanvas() {
        getChildren().add(canvas);
        setPrefSize(800, 500);
        tip.setShowDelay(Duration.millis(60));
        Tooltip.install(canvas, tip);
        canvas.setOnMouseMoved(e -> {
            int[] c = cellAt(e.getX(), e.getY());
            if (c == null) tip.setText("click a tile to zoom into that layer and head");
            else {
                ProbeAccess p = snap.main().probes();
                int t = t0 + c[3];
                tip.setText("layer " + c[0] + ", kv head " + c[1] + ", slot " + c[2] + "\ntoken " + t + " '" + snap.main().tokens().text(t) + "'\n1−α = "
                        + (p.has(t) ? Float.toString(p.get(ProbeField.WRITE, c[0], t, c[1], c[2])) : "not available"));
            }
        });
        canvas.setOnMouseClicked(e -> {
            int[] c = cellAt(e.getX(), e.getY());
            if (c != null) onZoom.accept(c[0], c[1]);
        });
    }

    public void setOnZoom(BiConsumer<Integer, Integer> z) {
        onZoom = z;
    }

    private double tileW, tileH, ox = 70, oy = 24;

    /** {layer, kv head, slot, column} under the mouse, or null. */
    int[] cellAt(double x, double y) {
        if (snap == null || cols == 0) return null;
        int hi = (int) ((x - ox) / tileW), li = (int) ((y - oy) / tileH);
        if (x < ox || y < oy || hi >= heads || li >= layers) return null;
        double fx = ((x - ox) - hi * tileW) / tileW * (cols + GAP), fy = ((y - oy) - li * tileH) / tileH * (slots + GAP);
        if (fx >= cols || fy >= slots) return null;
        return new int[]{li, hi, (int) fy, (int) fx};
    }

    public void show(ExplorerSnapshot s) {
        snap = s;
        ProbeAccess p = s.main().probes();
        layers = p.layers();
        heads = p.kvHeads();
        slots = p.slots();
        t0 = s.windowStart();
        cols = Math.max(1, s.cursor() - t0);
        int w = heads * (cols + GAP), h = layers * (slots + GAP);
        if (image == null || (int) image.getWidth() != w || (int) image.getHeight() != h) {
            argb = new int[w * h];
            pixels = new PixelBuffer<>(w, h, IntBuffer.wrap(argb), PixelFormat.getIntArgbPreInstance());
            image = new WritableImage(pixels);
        }
        java.util.Arrays.fill(argb, 0xffffffff);
        float[] row = new float[slots];
        max = 1e-6;
        for (int l = 0; l < layers; l++)
            for (int hd = 0; hd < heads; hd++)
                for (int t = t0; t < s.cursor(); t++)
                    if (p.row(ProbeField.WRITE, l, t, hd, row)) for (float v : row) max = Math.max(max, v);
        for (int l = 0; l < layers; l++)
            for (int hd = 0; hd < heads; hd++)
                for (int t = t0; t < s.cursor(); t++) {
                    boolean ok = p.row(ProbeField.WRITE, l, t, hd, row);
                    int x = hd * (cols + GAP) + (t - t0);
                    for (int m = 0; m < slots; m++)
                        argb[(l * (slots + GAP) + m) * w + x] = ok ? ColorMap.VIRIDIS.argb(row[m], 0, max) : 0xff2a2a2e;
                }
        pixels.updateBuffer(b -> null);
        paint();
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        paint();
    }

    private void paint() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = getWidth(), h = getHeight();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, w, h);
        if (image == null) return;
        tileW = (w - ox - 10) / heads;
        tileH = (h - oy - 8) / layers;
        g.setImageSmoothing(false);
        g.drawImage(image, ox, oy, tileW * heads, tileH * layers);
        g.setFill(Color.rgb(0x20, 0x20, 0x24));
        g.setFont(Font.font("System", FontWeight.BOLD, 12));
        g.fillText("All layers × kv heads: slot writes 1−α, slots × last " + cols + " tokens (scale 0 … " + String.format("%.3f", max) + ", viridis) — click to zoom", ox, 15);
        g.setFont(Font.font("System", 10));
        for (int l = 0; l < layers; l++) if (tileH > 11 || l % Math.ceil(11 / tileH) == 0) g.fillText("L" + l, 8, oy + (l + 0.5) * tileH + 4);
        for (int hd = 0; hd < heads; hd++) g.fillText("kv head " + hd, ox + hd * tileW + 2, h - 1);
    }
}
