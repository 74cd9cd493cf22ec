package org.gsaexplorer.visualizer.ui.view;

import javafx.scene.Node;
import org.gsaexplorer.visualizer.render.DataExport;
import org.gsaexplorer.visualizer.render.HeatmapSvg;
import org.gsaexplorer.visualizer.ui.widget.Exports;
import org.gsaexplorer.visualizer.ui.widget.HeatmapCanvas;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * One export ready to be written: the file name to suggest and the writer. Writers replace an existing file, since the
 * save dialog has asked before returning its name.
 */
public record Export(String suggestedName, Consumer<Path> writer) {

    public void write(Path file) {
        writer.accept(file);
    }

    /** {@code node} as a PNG at twice its size, named {@code name}.png. */
    public static Export png(String name, Node node) {
        return new Export(name + ".png", p -> Exports.writePng(Exports.snapshot(node, 2), p, true));
    }

    /** The matrix a heatmap shows, named after its title; null while it shows none. */
    public static Export heatmap(HeatmapCanvas h, ExportFormat f) {
        if (h.heatmap() == null) return null;
        String name = h.heatmap().title().replaceAll("[^A-Za-z0-9]+", "-").toLowerCase() + "." + f.extension;
        return new Export(name, p -> {
            switch (f) {
                case PNG -> Exports.writePng(Exports.snapshot(h, 2), p, true);
                case SVG -> HeatmapSvg.write(h.heatmap(), (int) h.getWidth(), (int) h.getHeight(), p, true);
                case CSV -> DataExport.writeCsv(h.heatmap(), p, true);
                case NPZ -> DataExport.writeNpz(h.heatmap(), p, true);
            }
        });
    }
}
