package org.gsaexplorer.visualizer.ui.view;

import javafx.scene.Node;
import java.util.function.IntConsumer;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.session.ScoringRule;
import org.gsaexplorer.visualizer.ui.widget.ChartsPane;
import org.gsaexplorer.visualizer.ui.widget.Exports;
import org.gsaexplorer.visualizer.views.ViewKind;

import java.util.function.Consumer;

/** Per-token loss, readout entropy, mean α and Δloss as charts; exported as PNG or as one SVG of the four. */
final class ChartsView extends ExplorerView {
    private final ChartsPane charts;

    ChartsView(Consumer<ScoringRule> scoring) {
        super(ViewKind.CHARTS);
        charts = new ChartsPane(scoring);
    }

    @Override
    public Node node() {
        return charts;
    }

    @Override
    public void show(ExplorerSnapshot s) {
        charts.show(s);
    }

    @Override
    public void onTokenHovered(IntConsumer hovered) {
        charts.setOnTokenHovered(hovered);
    }

    @Override
    public void highlightToken(int t) {
        charts.highlightToken(t);
    }

    @Override
    public boolean exports(ExportFormat f) {
        return f == ExportFormat.PNG || f == ExportFormat.SVG;
    }

    @Override
    public Export export(ExportFormat f) {
        if (f != ExportFormat.SVG) return super.export(f);
        return new Export(kind().id + ".svg", (p, caption) -> Exports.writeChartsSvg(charts, 720, 300, p, true));
    }
}
