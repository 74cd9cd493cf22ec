package org.gsaexplorer.visualizer.ui.widget;

import org.gsaexplorer.visualizer.derive.SlotMath;
import org.gsaexplorer.visualizer.render.Digits;
import java.util.function.IntConsumer;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;
import javafx.util.Duration;
import org.gsaexplorer.visualizer.render.ColorMap;
import org.gsaexplorer.visualizer.render.PlotLayout;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.session.ProbeAccess;
import org.gsaexplorer.visualizer.session.ProbeField;
import org.gsaexplorer.visualizer.views.Titles;

import java.nio.IntBuffer;
import java.util.function.BiConsumer;

/**
 * All layers × kv heads as small multiples of slot writes (slots × time), in one image on one scale; click a tile to
 * zoom into that layer and head.
 */
public final class OverviewCanvas extends CanvasRegion {
    private static final int GAP = 2;
    private static final double RIGHT = 64, BOTTOM = 34;
    private final Tooltip tip = new Tooltip();
    private WritableImage image;
    private PixelBuffer<IntBuffer> pixels;
    private int[] argb = new int[0];
    // cols: tokens shown per tile; capacity: columns each tile has room for (the window)
    private int layers, heads, slots, cols, capacity, t0;
    private float[] row = new float[0];
    private double max = 1;
    // what each drawn column shows: its token and the stored block it came from
    private int[] drawnT = new int[0];
    private Object[] drawnFrom = new Object[0];
    private final java.util.Map<Object, Float> blockMax = new java.util.WeakHashMap<>();
    private ExplorerSnapshot snap;
    private BiConsumer<Integer, Integer> onZoom = (l, h) -> { };
    private IntConsumer onTokenHovered = t -> { };
    // the token hovered in any view, outlined in every tile, or −1
    private int litToken = -1;

    public OverviewCanvas() {
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
                        + (p.has(t) ? Digits.four(p.get(ProbeField.WRITE, c[0], t, c[1], c[2])) : "not available"));
            }
            onTokenHovered.accept(c == null ? -1 : t0 + c[3]);
        });
        canvas.setOnMouseExited(e -> onTokenHovered.accept(-1));
        canvas.setOnMouseClicked(e -> {
            if (e.getButton() != MouseButton.PRIMARY) return;
            int[] c = cellAt(e.getX(), e.getY());
            if (c != null) onZoom.accept(c[0], c[1]);
        });
    }

    public void setOnZoom(BiConsumer<Integer, Integer> z) {
        onZoom = z;
    }

    /** Told the token under the mouse (−1 when none). */
    public void setOnTokenHovered(IntConsumer h) {
        onTokenHovered = h;
    }

    /** The token outlined as hovered, or −1. */
    public int highlighted() {
        return litToken;
    }

    /** Outlines token {@code t}'s column in every tile (−1: none). */
    public void highlightToken(int t) {
        if (t == litToken) return;
        litToken = t;
        paint();
    }

    private double tileW, tileH, ox = 44, oy = 24;

    /** {layer, kv head, slot, column} under the mouse, or null. */
    int[] cellAt(double x, double y) {
        if (snap == null || cols == 0) return null;
        int hi = (int) ((x - ox) / tileW), li = (int) ((y - oy) / tileH);
        if (x < ox || y < oy || hi >= heads || li >= layers) return null;
        double fx = ((x - ox) - hi * tileW) / tileW * (cols + GAP), fy = ((y - oy) - li * tileH) / tileH * (slots + GAP);
        if (fx >= cols || fy >= slots) return null;
        return new int[]{li, hi, (int) fy, (int) fx};
    }

    /**
     * Shows the window of {@code s}. Scrubbing moves the window a few tokens at a time, so the pixels already drawn are
     * shifted and only columns whose token or stored block changed are drawn again (a full redraw of 96 tiles per
     * frame was the overview's slow frames). Each tile has room for the whole window, so a window still filling up
     * (cursor below its width) adds columns without a new image. The colour scale is the maximum over the whole
     * recorded sequence, so colours keep their meaning while scrubbing and a scale change is rare.
     */
    public void show(ExplorerSnapshot s) {
        snap = s;
        ProbeAccess p = s.main().probes();
        int newT0 = s.windowStart(), newCols = Math.max(1, s.cursor() - newT0), room = Math.max(newCols, s.selection().window());
        double newMax = sequenceMax(p);
        boolean sameShape = image != null && layers == p.layers() && heads == p.kvHeads() && slots == p.slots() && capacity == room;
        layers = p.layers();
        heads = p.kvHeads();
        slots = p.slots();
        cols = newCols;
        capacity = room;
        int w = heads * (capacity + GAP), h = layers * (slots + GAP);
        if (!sameShape) {
            argb = new int[w * h];
            pixels = new PixelBuffer<>(w, h, IntBuffer.wrap(argb), PixelFormat.getIntArgbPreInstance());
            image = new WritableImage(pixels);
            drawnT = new int[capacity];
            drawnFrom = new Object[capacity];
            java.util.Arrays.fill(argb, 0xffffffff);
            java.util.Arrays.fill(drawnT, -1);
        } else if (newMax != max) {
            java.util.Arrays.fill(drawnT, -1);
        } else if (newT0 != t0) {
            shift(newT0 - t0, w);
        }
        max = newMax;
        t0 = newT0;
        if (row.length != slots) row = new float[slots];
        boolean changed = false;
        for (int c = 0; c < cols; c++) {
            int t = t0 + c;
            Object from = t < s.cursor() ? p.source(t) : null;
            if (drawnT[c] == t && drawnFrom[c] == from) continue;
            drawColumn(p, c, t, from != null, w);
            drawnT[c] = t;
            drawnFrom[c] = from;
            changed = true;
        }
        if (changed || !sameShape) pixels.updateBuffer(b -> null);
        paint();
    }

    /** The pixels on screen: each tile's first {@code cols} columns (tests compare scrubbed and fresh renders). */
    public int[] raster() {
        int w = heads * (capacity + GAP), h = layers * (slots + GAP);
        int[] out = new int[h * heads * cols];
        for (int y = 0; y < h; y++)
            for (int hd = 0; hd < heads; hd++) System.arraycopy(argb, y * w + hd * (capacity + GAP), out, (y * heads + hd) * cols, cols);
        return out;
    }

    /** Moves every tile's columns by {@code d} tokens (the window moved right for d > 0) and forgets the columns that fell out. */
    private void shift(int d, int w) {
        if (Math.abs(d) >= cols) {
            java.util.Arrays.fill(drawnT, -1);
            return;
        }
        int keep = cols - Math.abs(d), from = Math.max(0, d), to = Math.max(0, -d);
        for (int y = 0; y < layers * (slots + GAP); y++)
            for (int hd = 0; hd < heads; hd++) {
                int base = y * w + hd * (capacity + GAP);
                System.arraycopy(argb, base + from, argb, base + to, keep);
            }
        System.arraycopy(drawnT, from, drawnT, to, keep);
        System.arraycopy(drawnFrom, from, drawnFrom, to, keep);
        int gapStart = d > 0 ? keep : 0;
        for (int c = gapStart; c < gapStart + Math.abs(d); c++) {
            drawnT[c] = -1;
            drawnFrom[c] = null;
        }
    }

    private void drawColumn(ProbeAccess p, int c, int t, boolean held, int w) {
        for (int l = 0; l < layers; l++)
            for (int hd = 0; hd < heads; hd++) {
                boolean ok = held && p.row(ProbeField.WRITE, l, t, hd, row);
                int x = hd * (capacity + GAP) + c;
                for (int m = 0; m < slots; m++)
                    argb[(l * (slots + GAP) + m) * w + x] = ok ? ColorMap.VIRIDIS.argb(row[m], 0, max) : 0xff2a2a2e;
            }
    }

    /** Largest write weight over every held token of the sequence; each stored block's maximum is computed once. */
    private double sequenceMax(ProbeAccess p) {
        double m = 1e-6;
        float[] row = new float[p.slots()];
        for (int b = 0; b * ProbeAccess.BLOCK_TOKENS < p.computed(); b++) {
            Object src = p.source(b * ProbeAccess.BLOCK_TOKENS);
            if (src == null) continue;
            Float cached = blockMax.get(src);
            if (cached == null || b * ProbeAccess.BLOCK_TOKENS + ProbeAccess.BLOCK_TOKENS > p.computed()) {
                float bm = 0;
                for (int t = b * ProbeAccess.BLOCK_TOKENS; t < Math.min(p.computed(), b * ProbeAccess.BLOCK_TOKENS + ProbeAccess.BLOCK_TOKENS); t++)
                    for (int l = 0; l < p.layers(); l++)
                        for (int hd = 0; hd < p.kvHeads(); hd++)
                            if (p.row(ProbeField.WRITE, l, t, hd, row)) for (float v : row) bm = Math.max(bm, v);
                cached = bm;
                // a partly filled block still grows: cache it only once full
                if (b * ProbeAccess.BLOCK_TOKENS + ProbeAccess.BLOCK_TOKENS <= p.computed()) blockMax.put(src, cached);
            }
            m = Math.max(m, cached);
        }
        return m;
    }

    /** Outlines the selected layer and head's tile, and the hovered token's column in every tile. */
    private void marks(GraphicsContext g, double colW) {
        if (snap == null || snap.model() == null) return;
        int layer = snap.selection().layer(), kv = SlotMath.kvHeadOf(snap.selection().head(), snap.model().config().groups());
        g.setStroke(Color.rgb(0xd9, 0x47, 0x1a));
        g.setLineWidth(2);
        if (layer < layers && kv < heads) g.strokeRect(ox + kv * tileW - 1, oy + layer * tileH - 1, cols * colW + 2, tileH * slots / (slots + GAP) + 2);
        int c = litToken - t0;
        if (litToken < 0 || c < 0 || c >= cols) return;
        g.setStroke(Appearance.HOVER);
        g.setLineWidth(1.5);
        for (int hd = 0; hd < heads; hd++) g.strokeRect(ox + hd * tileW + c * colW, oy, colW, tileH * layers);
    }

    /** The selected tile as drawn: {layer, kv head}, or null before a snapshot (tests check it follows the selection). */
    public int[] selectedTile() {
        if (snap == null || snap.model() == null) return null;
        return new int[]{snap.selection().layer(), SlotMath.kvHeadOf(snap.selection().head(), snap.model().config().groups())};
    }

    @Override
    protected void paint() {
        double w = getWidth(), h = getHeight();
        GraphicsContext g = clear(Appearance.background());
        if (image == null) return;
        tileW = (w - ox - RIGHT) / heads;
        tileH = (h - oy - BOTTOM) / layers;
        g.setImageSmoothing(false);
        // each tile's gap keeps its share of the tile, as in cellAt
        for (int hd = 0; hd < heads; hd++)
            g.drawImage(image, hd * (capacity + GAP), 0, cols, layers * (slots + GAP), ox + hd * tileW, oy, tileW * cols / (cols + GAP), tileH * layers);
        g.setFill(Appearance.text());
        g.setTextAlign(TextAlignment.LEFT);
        g.setFont(Appearance.font(12, true));
        g.fillText(Titles.writes(snap.main().ablations()) + ", all layers × kv heads: slots × last " + cols + " tokens — click a tile to zoom", ox, 15);
        String badge = Titles.badge(snap.main().ablations());
        if (badge != null) Badge.draw(g, badge, Badge.bounds(badge, w, ox, w));
        g.setFill(Appearance.subtle());
        g.setFont(Appearance.font(10, false));
        g.setTextAlign(TextAlignment.RIGHT);
        for (int l = 0; l < layers; l++) if (tileH > 11 || l % Math.ceil(11 / tileH) == 0) g.fillText("L" + l, ox - 6, oy + (l + 0.5) * tileH + 4);
        g.setTextAlign(TextAlignment.LEFT);
        double below = oy + tileH * layers + 13, colW = tileW / (cols + GAP);
        for (int hd = 0; hd < heads; hd++) {
            double x0 = ox + hd * tileW;
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText("kv head " + hd, x0 + 2, below + 13);
            // the token axis: the window's first and last token under each tile wide enough to hold them
            if (hd > 0 && tileW < 90) continue;
            g.fillText(Integer.toString(t0), x0, below);
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText((t0 + cols - 1) + " token →", x0 + cols * colW, below);
        }
        g.setTextAlign(TextAlignment.LEFT);
        marks(g, colW);
        // the colour scale, shared by all tiles: 0 … the sequence's largest write
        double bx = ox + tileW * heads + 8, bh = tileH * layers;
        g.drawImage(ColorBars.of(ColorMap.VIRIDIS), bx, oy, 11, bh);
        g.fillText(PlotLayout.format(max), bx + 14, oy + 8);
        g.fillText("0", bx + 14, oy + bh);
        g.save();
        g.translate(bx + 30, oy + bh / 2);
        g.rotate(-90);
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText("write 1−α (max over the sequence)", 0, 0);
        g.restore();
    }
}
