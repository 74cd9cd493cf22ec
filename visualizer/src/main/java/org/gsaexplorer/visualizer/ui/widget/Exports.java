package org.gsaexplorer.visualizer.ui.widget;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.transform.Transform;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.io.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * PNG and SVG export of what is on screen, pictures with an optional caption band under them; files are written
 * atomically and an existing one only when asked.
 */
public final class Exports {
    private Exports() {
    }

    /** The node rendered at {@code scale}× (2 for print), call on the FX thread. */
    public static WritableImage snapshot(Node node, double scale) {
        SnapshotParameters p = new SnapshotParameters();
        p.setTransform(Transform.scale(scale, scale));
        p.setFill(Color.WHITE);
        return node.snapshot(p, null);
    }

    public static void writePng(WritableImage image, Path file, boolean overwrite) {
        writePng(SwingFXUtils.fromFXImage(image, null), file, overwrite);
    }

    /** {@code image} with {@code caption} on a band under it, its text sized for {@code scale} (2 for print). */
    public static void writePng(WritableImage image, String caption, double scale, Path file, boolean overwrite) {
        writePng(captioned(SwingFXUtils.fromFXImage(image, null), caption, scale), file, overwrite);
    }

    /** The picture with a band under it holding {@code caption} in one line (the picture alone for an empty caption). */
    public static BufferedImage captioned(BufferedImage image, String caption, double scale) {
        if (caption == null || caption.isEmpty()) return image;
        int band = (int) Math.ceil(20 * scale);
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight() + band, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(image, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(new java.awt.Color(0x30, 0x30, 0x36));
            g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, (int) Math.round(11 * scale)));
            g.drawString(caption, (int) (6 * scale), image.getHeight() + (int) (14 * scale));
        } finally {
            g.dispose();
        }
        return out;
    }

    private static void writePng(BufferedImage image, Path file, boolean overwrite) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bos)) throw new IOException("no PNG writer");
        } catch (IOException e) {
            throw new GsaException(file + ": cannot encode PNG (" + e.getMessage() + ")");
        }
        byte[] bytes = bos.toByteArray();
        AtomicFiles.write(file, overwrite, os -> os.write(bytes));
    }

    /** The charts view stacked vertically in one SVG, each chart w × h, cursor line included. */
    public static void writeChartsSvg(ChartsPane charts, int w, int h, Path file, boolean overwrite) {
        byte[] bytes = charts.svg(w, h).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, overwrite, os -> os.write(bytes));
    }
}
