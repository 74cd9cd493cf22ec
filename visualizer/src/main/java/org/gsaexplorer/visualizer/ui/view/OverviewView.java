package org.gsaexplorer.visualizer.ui.view;

import javafx.scene.Node;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.ui.widget.OverviewCanvas;
import org.gsaexplorer.visualizer.views.ViewKind;

import java.util.function.BiConsumer;
import java.util.function.IntConsumer;

/** Every layer and kv head at once as small tiles; a click zooms into one. */
final class OverviewView extends ExplorerView {
    private final OverviewCanvas overview = new OverviewCanvas();

    /** @param zoom told the layer and kv head of a clicked tile */
    OverviewView(BiConsumer<Integer, Integer> zoom) {
        super(ViewKind.OVERVIEW);
        overview.setOnZoom(zoom);
    }

    @Override
    public Node node() {
        return overview;
    }

    @Override
    public void show(ExplorerSnapshot s) {
        overview.show(s);
    }

    @Override
    public void onTokenHovered(IntConsumer hovered) {
        overview.setOnTokenHovered(hovered);
    }

    @Override
    public void highlightToken(int t) {
        overview.highlightToken(t);
    }
}
