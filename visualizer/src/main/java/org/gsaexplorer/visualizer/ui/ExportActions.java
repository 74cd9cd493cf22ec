package org.gsaexplorer.visualizer.ui;

import org.gsaexplorer.visualizer.ui.widget.HeatmapCanvas;
import org.gsaexplorer.visualizer.ui.widget.Exports;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import org.gsaexplorer.visualizer.ui.widget.ScaleMenu;
import org.gsaexplorer.visualizer.ui.view.ExplorerView;
import org.gsaexplorer.visualizer.ui.view.Export;
import org.gsaexplorer.visualizer.ui.view.ExportFormat;

import java.nio.file.Path;
import java.util.function.Supplier;

/** Export view (File menu) and each heatmap's context menu (colour scale, exports): ask where, then write. */
final class ExportActions {
    private final Dialogs dialogs;
    private final Supplier<String> caption;

    /** @param caption what the views show now, written under exported pictures */
    ExportActions(Dialogs dialogs, Supplier<String> caption) {
        this.dialogs = dialogs;
        this.caption = caption;
    }

    /** Gives every heatmap of a view a context menu with its exports. */
    void addMenus(ExplorerView v) {
        for (HeatmapCanvas h : v.heatmaps()) h.setOnContextMenuRequested(e -> menu(h).show(h, e.getScreenX(), e.getScreenY()));
    }

    private ContextMenu menu(HeatmapCanvas h) {
        ContextMenu cm = new ContextMenu(ScaleMenu.of(h), new SeparatorMenuItem());
        for (ExportFormat f : ExportFormat.values()) {
            MenuItem mi = new MenuItem("Export " + f.label + "…");
            mi.setOnAction(e -> write(Export.heatmap(h, f)));
            cm.getItems().add(mi);
        }
        return cm;
    }

    /**
     * Exports the tab on screen: {@code view}, or (null) a panel's tab named {@code tab} showing {@code content},
     * which only exports as a picture.
     */
    void exportTab(ExplorerView view, String tab, Node content, ExportFormat f) {
        if (view == null ? f != ExportFormat.PNG : !view.exports(f)) {
            dialogs.error("this view has no matrix to export as " + f.label + "; use PNG");
            return;
        }
        write(view == null ? Export.png(tab, content) : view.export(f));
    }

    /** Asks where to write {@code e} (null: nothing to write yet) and writes it there. */
    private void write(Export e) {
        if (e == null) return;
        Path p = dialogs.saveAs(e.suggestedName(), null);
        if (p != null) {
            String c = caption.get();
            dialogs.guard(() -> e.write(p, c));
        }
    }
}
