package org.gsaexplorer.visualizer.ui.view;

import javafx.scene.Node;
import org.gsaexplorer.visualizer.render.DataExport;
import org.gsaexplorer.visualizer.render.HeatmapSvg;
import org.gsaexplorer.visualizer.ui.widget.Exports;
import org.gsaexplorer.visualizer.ui.widget.HeatmapCanvas;

import java.nio.file.Path;
import java.util.function.BiConsumer;

/**
 * One export ready to be written: the file name to suggest and the writer, told the file and the caption (what the
 * picture shows: model, token, layer and head, ablation), which pictures carry under them. Writers replace an
 * existing file, since the save dialog has asked before returning its name.
 */
public record Export(String suggestedName, BiConsumer<Path, String> writer) {

    public void write(Path file, String caption) {
        writer.accept(file, caption);
    }

    /** {@code node} as a PNG at twice its size with the caption under it, named {@code name}.png. */
    public static Export png(String name, Node node) {
        return new Export(name + ".png", (p, caption) -> Exports.writePng(Exports.snapshot(node, 2), caption, 2, p, true));
    }

    /** The matrix a heatmap shows, named after its title; null while it shows none. */
    public static Export heatmap(HeatmapCanvas h, ExportFormat f) {
        if (h.heatmap() == null) return null;
        String name = h.heatmap().title().replaceAll("[^A-Za-z0-9]+", "-").toLowerCase() + "." + f.extension;
        return new Export(name, (p, caption) -> {
            switch (f) {
                case PNG -> Exports.writePng(Exports.snapshot(h, 2), caption, 2, p, true);
                case SVG -> HeatmapSvg.write(h.heatmap(), (int) h.getWidth(), (int) h.getHeight(), p, true);
                case CSV -> DataExport.writeCsv(h.heatmap(), p, true);
                case NPZ -> DataExport.writeNpz(h.heatmap(), p, true);
            }
        });
    }
}
