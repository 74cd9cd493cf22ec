package org.gsaexplorer.app.cli;

import javafx.scene.Node;
import javafx.stage.Stage;
import org.gsaexplorer.app.fx.ExplorerApp;
import org.gsaexplorer.app.fx.ExplorerSetup;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.visualizer.FxRuntime;
import org.gsaexplorer.visualizer.catalog.RecentModels;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.visualizer.session.ExplorerViewModel;
import org.gsaexplorer.visualizer.session.Selection;
import org.gsaexplorer.visualizer.tour.Tour;
import org.gsaexplorer.visualizer.tour.TourState;
import org.gsaexplorer.visualizer.ui.ExplorerWindow;
import org.gsaexplorer.visualizer.ui.widget.Exports;
import org.gsaexplorer.visualizer.views.Caption;
import org.gsaexplorer.visualizer.views.ViewKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "snapshot", mixinStandardHelpOptions = true, description = {"Render one view of the explorer to a PNG, off screen (for papers, slides and tests).",
        "Needs a display; on a headless machine run it under xvfb-run -a."})
final class SnapshotCommand implements Callable<Integer> {
    /** The --view that shows the whole window. */
    private static final String WINDOW = "window";

    @Mixin
    ExplorerOptions explorer;

    @Option(names = "--steps", defaultValue = "-1", paramLabel = "N", description = "tokens consumed before the picture (more than the prompt: generate greedily); default: the whole prompt")
    int steps;

    @Option(names = "--view", defaultValue = "occupancy", paramLabel = "NAME",
            description = "occupancy, gates, readout, provenance, attention, state, charts, overview, compare or window")
    String view;

    @Option(names = "--layer", defaultValue = "0", paramLabel = "L")
    int layer;

    @Option(names = "--head", defaultValue = "0", paramLabel = "H")
    int head;

    @Option(names = "--slot", defaultValue = "0", paramLabel = "M", description = "slot for the provenance view")
    int slot;

    @Option(names = "--window", defaultValue = "96", paramLabel = "T", description = "tokens shown on time axes")
    int window;

    @Option(names = "--scale", defaultValue = "2", paramLabel = "S", description = "pixel scale (2 = print quality)")
    double scale;

    @Option(names = "--panel", paramLabel = "NAME", description = "side panel to show: ablations (default), recall or tour; the tour is "
            + "pictured once it has measured (up to 2 minutes), on the views its first step chose")
    String panel;

    @Option(names = "--tour-step", defaultValue = "1", paramLabel = "N", description = "with --panel tour: the step to picture (1 = the first)")
    int tourStep;

    @Option(names = "--ablate", paramLabel = "NAME[=VALUE]", description = AblateHelp.TEXT)
    List<String> ablate = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "FILE.png")
    Path out;

    @Option(names = "--caption", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "a line under the picture naming the model, token, layer, head and ablation (default; --no-caption leaves it off)")
    boolean caption;

    @Option(names = "--force", description = "overwrite an existing output file")
    boolean force;

    @Override
    public Integer call() {
        boolean whole = view.equals(WINDOW);
        ViewKind kind = whole ? ViewKind.DEFAULT : ViewKind.parse(view).orElseThrow(
                () -> new GsaException("--view " + view + ": unknown view (expected " + ViewKind.ids() + " or " + WINDOW + ")"));
        if (!out.getFileName().toString().endsWith(".png")) throw new GsaException("--out " + out + ": the file name must end in .png");
        if (!force && out.toFile().exists()) throw new GsaException(out + ": already exists (use --force to overwrite it)");
        if (!(scale > 0 && scale <= 8)) throw new GsaException("--scale must be in (0, 8]");
        if (tourStep < 1) throw new GsaException("--tour-step must be 1 or more");
        if (layer < 0 || head < 0 || slot < 0 || window < 2) throw new GsaException("--layer, --head and --slot must be 0 or more, --window at least 2");
        String side = panel == null ? null : SIDE_PANELS.stream().filter(t -> t.equalsIgnoreCase(panel)).findFirst().orElseThrow(
                () -> new GsaException("--panel " + panel + ": unknown panel (expected ablations, recall or tour)"));
        Ablations ablations = Ablations.parseAll(ablate);
        ExplorerSetup setup = explorer.setup(Math.max(-1, steps));
        FxRuntime.start();
        try (ExplorerViewModel vm = new ExplorerViewModel()) {
            setup.openIn(vm);
            if (!ablations.isNone()) vm.setAblations(ablations).join();
            int have = vm.snapshot().computed();
            if (steps > have) {
                vm.jump(have).join();
                vm.generate(steps - have).join();
            }
            var config = vm.snapshot().model().config();
            if (layer >= config.numLayers()) throw new GsaException("--layer " + layer + ": the model has layers 0.." + (config.numLayers() - 1));
            if (head >= config.numHeads()) throw new GsaException("--head " + head + ": the model has heads 0.." + (config.numHeads() - 1));
            if (slot >= config.numSlots()) throw new GsaException("--slot " + slot + ": the model has slots 0.." + (config.numSlots() - 1));
            if (kind == ViewKind.COMPARE) vm.setCompare(true).join();
            vm.select(new Selection(layer, head, slot, window)).join();
            vm.idle().join();
            ExplorerWindow win = FxRuntime.call(() -> {
                Stage stage = new Stage();
                ExplorerWindow w = ExplorerApp.create(vm, RecentModels.userDefault(), stage, whole ? 1500 : 1100, whole ? 940 : 820);
                stage.show();
                w.selectView(kind);
                return w;
            });
            if (side != null) FxRuntime.call(() -> {
                win.selectSidePanel(side);
                return null;
            });
            if ("Tour".equals(side)) awaitTour(win, vm, tourStep);
            FxRuntime.pulses(4);
            FxRuntime.call(() -> {
                win.render(vm.snapshot());
                return null;
            });
            FxRuntime.pulses(3);
            Node node = FxRuntime.call(() -> whole ? win.root() : win.viewNode(kind));
            FxRuntime.call(() -> {
                Exports.writePng(Exports.snapshot(node, scale), caption ? Caption.of(vm.snapshot()) : "", scale, out, force);
                win.stop();
                node.getScene().getWindow().hide();
                return null;
            });
            // the renderer finishes what the hidden window still had queued: a paint job left queued when the JVM
            // exits is rejected by the stopping renderer, which prints a stack trace
            FxRuntime.pulses(2);
        }
        return 0;
    }

    private static final List<String> SIDE_PANELS = List.of("Ablations", "Recall", "Tour");

    /**
     * Waits until the tour has placed the views and finished measuring (or says why not), turns to {@code step}, then
     * waits for the views.
     */
    private static void awaitTour(ExplorerWindow win, ExplorerViewModel vm, int step) {
        long end = System.nanoTime() + 120_000_000_000L;
        Tour tour = FxRuntime.call(win::activeTour);
        while (System.nanoTime() < end) {
            TourState s = tour.state();
            if (s.ready() && !s.measuring() || !s.ready() && !s.measuring() && s.status() != null && !s.status().endsWith("…")) break;
            FxRuntime.pulses(5);
        }
        tour.cancel();
        int page = step - 1;
        if (page >= tour.state().steps().size())
            throw new GsaException("--tour-step " + step + ": the tour has steps 1.." + tour.state().steps().size());
        if (page > 0) FxRuntime.call(() -> {
            tour.go(page);
            return null;
        });
        vm.idle().join();
        vm.idle().join();
    }
}
