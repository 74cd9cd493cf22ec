package org.gsaexplorer.visualizer.ui.view;

/** What a view or one of its matrices can be saved as. */
public enum ExportFormat {
    PNG("PNG (2×)", "png"), SVG("SVG", "svg"), CSV("CSV", "csv"), NPZ("NPZ", "npz");

    /** As the menus name it. */
    public final String label;
    public final String extension;

    ExportFormat(String label, String extension) {
        this.label = label;
        this.extension = extension;
    }
}
