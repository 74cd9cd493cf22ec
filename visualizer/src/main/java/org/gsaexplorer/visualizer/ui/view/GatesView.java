package org.gsaexplorer.visualizer.ui.view;

import javafx.scene.Node;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.ui.widget.HeatmapCanvas;
import org.gsaexplorer.visualizer.views.ViewData;
import org.gsaexplorer.visualizer.views.ViewKind;
import org.gsaexplorer.visualizer.ui.widget.BarStrip;

import java.util.List;

/** Forget gates α over time, and each slot's retention half-life at the current token. */
final class GatesView extends ExplorerView {
    private final HeatmapCanvas gates = new HeatmapCanvas();
    private final BarStrip halfLife = new BarStrip();
    private final Node node = stacked(gates, halfLife);

    GatesView() {
        super(ViewKind.GATES);
    }

    @Override
    public Node node() {
        return node;
    }

    @Override
    public void show(ExplorerSnapshot s) {
        gates.setHeatmap(ViewData.gates(s, s.main()));
        halfLife.set("Retention half-life ln0.5 / lnα at token " + s.current() + " (capped at 1000)", "tokens", ViewData.halfLives(s, s.main()),
                1000, "slot", Integer::toString);
    }

    @Override
    public List<HeatmapCanvas> heatmaps() {
        return List.of(gates);
    }
}
