package org.gsaexplorer.visualizer.ui.view;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.ui.widget.HeatmapCanvas;
import org.gsaexplorer.visualizer.views.ViewKind;

import java.util.List;
import java.util.function.IntConsumer;

/**
 * One of the explorer's views: the node its tab shows, how it draws a snapshot (its numbers come from
 * {@link org.gsaexplorer.visualizer.views.ViewData}) and what it exports. {@link Views} makes one of each kind.
 */
public abstract class ExplorerView {
    private final ViewKind kind;

    protected ExplorerView(ViewKind kind) {
        this.kind = kind;
    }

    public final ViewKind kind() {
        return kind;
    }

    public abstract Node node();

    /** Draws {@code s}, which has a model and tokens; FX thread, only while the view is on screen. */
    public abstract void show(ExplorerSnapshot s);

    /** The view's matrices; an export other than PNG takes the first. */
    public List<HeatmapCanvas> heatmaps() {
        return List.of();
    }

    /** Tells {@code hovered} the token under the pointer in a picture that is not a heatmap (the overview's tiles). */
    public void onTokenHovered(IntConsumer hovered) {
    }

    /** Outlines token {@code t} (−1: none) in a picture that is not a heatmap; heatmaps are outlined cell by cell. */
    public void highlightToken(int t) {
    }

    public boolean exports(ExportFormat f) {
        return f == ExportFormat.PNG || !heatmaps().isEmpty();
    }

    /** The view in {@code f} (one that {@link #exports} accepts), or null while there is nothing to write. */
    public Export export(ExportFormat f) {
        return f == ExportFormat.PNG ? Export.png(kind.id, node()) : Export.heatmap(heatmaps().getFirst(), f);
    }

    /** {@code top} above {@code bottom}, the top one taking the height left. */
    protected static Node stacked(Region top, Region bottom) {
        VBox v = new VBox(4, top, bottom);
        VBox.setVgrow(top, Priority.ALWAYS);
        v.setPadding(new Insets(4));
        return v;
    }

    protected static Node sideBySide(Region left, Region right) {
        HBox h = new HBox(4, left, right);
        HBox.setHgrow(left, Priority.ALWAYS);
        HBox.setHgrow(right, Priority.ALWAYS);
        h.setPadding(new Insets(4));
        h.setPrefHeight(320);
        return h;
    }
}
