package org.gsaexplorer.visualizer.render;

import org.gsaexplorer.model.io.AtomicFiles;
import org.jfree.svg.SVGGraphics2D;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Draws a heatmap with Java2D (cells as vector rectangles) for SVG export through JFreeSVG. */
public final class HeatmapSvg {
    private HeatmapSvg() {
    }

    public static String svg(Heatmap h, int width, int height) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        paint(g, h, width, height);
        return g.getSVGDocument();
    }

    public static void write(Heatmap h, int width, int height, Path file, boolean overwrite) {
        byte[] bytes = svg(h, width, height).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, overwrite, os -> os.write(bytes));
    }

    public static void paint(Graphics2D g, Heatmap h, double w, double hh) {
        PlotLayout l = PlotLayout.of(w, hh);
        g.setColor(Color.WHITE);
        g.fill(new Rectangle2D.Double(0, 0, w, hh));
        g.setColor(new Color(0x20, 0x20, 0x24));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.drawString(h.badge() == null ? h.title() : h.title() + "   [" + h.badge() + "]", (float) l.plotX(), 15f);
        double cw = l.plotW() / h.cols(), ch = l.plotH() / h.rows();
        for (int r = 0; r < h.rows(); r++)
            for (int c = 0; c < h.cols(); c++) {
                g.setColor(new Color(h.argb(r, c) & 0xffffff));
                // a hair of overlap hides anti-aliasing seams between neighbouring cells
                g.fill(new Rectangle2D.Double(l.plotX() + c * cw, l.plotY() + r * ch, cw + 0.3, ch + 0.3));
            }
        if (h.markCol() >= 0) {
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(1.2f));
            g.draw(new Rectangle2D.Double(l.plotX() + h.markCol() * cw, l.plotY(), cw, l.plotH()));
        }
        if (h.markRow() >= 0) {
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(1.6f));
            g.draw(new Rectangle2D.Double(l.plotX(), l.plotY() + h.markRow() * ch, l.plotW(), ch));
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.setColor(new Color(0x40, 0x40, 0x48));
        for (int c : PlotLayout.ticks(h.cols(), (int) Math.max(2, l.plotW() / 70)))
            g.drawString(h.colName().apply(c), (float) (l.plotX() + (c + 0.5) * cw - 8), (float) (l.plotY() + l.plotH() + 13));
        for (int r : PlotLayout.ticks(h.rows(), (int) Math.max(2, l.plotH() / 22)))
            g.drawString(h.rowName().apply(r), 4f, (float) (l.plotY() + (r + 0.5) * ch + 4));
        g.drawString(h.colAxis() + " →", (float) (l.plotX() + l.plotW() - 60), (float) (hh - 3));
        for (int i = 0; i < ColorMap.SIZE; i++) {
            g.setColor(new Color(h.colors().entry(i) & 0xffffff));
            double y = l.plotY() + l.plotH() * (1 - (i + 1.0) / ColorMap.SIZE);
            g.fill(new Rectangle2D.Double(l.barX(), y, l.barW(), l.plotH() / ColorMap.SIZE + 0.5));
        }
        g.setColor(new Color(0x40, 0x40, 0x48));
        g.drawString(h.barLabel(1), (float) (l.barX() + l.barW() + 3), (float) (l.plotY() + 8));
        g.drawString(h.barLabel(0), (float) (l.barX() + l.barW() + 3), (float) (l.plotY() + l.plotH()));
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2, l.barX() + l.barW() + 40, l.plotY() + l.plotH() / 2);
        g.drawString(h.valueName(), (float) (l.barX() + l.barW() + 40 - h.valueName().length() * 2.6), (float) (l.plotY() + l.plotH() / 2 + 4));
        g.setTransform(saved);
    }
}
