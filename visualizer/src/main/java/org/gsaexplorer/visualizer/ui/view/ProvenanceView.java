package org.gsaexplorer.visualizer.ui.view;

import javafx.scene.Node;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.ui.widget.HeatmapCanvas;
import org.gsaexplorer.visualizer.views.ViewData;
import org.gsaexplorer.visualizer.views.ViewKind;

import java.util.List;

/** What every slot holds now, by source token: one slots × tokens heatmap with the selected slot outlined. */
final class ProvenanceView extends ExplorerView {
    private final HeatmapCanvas provenance = new HeatmapCanvas();

    ProvenanceView() {
        super(ViewKind.PROVENANCE);
    }

    @Override
    public Node node() {
        return provenance;
    }

    @Override
    public void show(ExplorerSnapshot s) {
        provenance.setHeatmap(ViewData.provenance(s, s.main()));
    }

    @Override
    public List<HeatmapCanvas> heatmaps() {
        return List.of(provenance);
    }
}
