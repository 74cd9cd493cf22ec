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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** PNG and SVG export of what is on screen; files are written atomically and an existing one only when asked. */
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
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", bos)) throw new IOException("no PNG writer");
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
