package org.gsaexplorer.app.fx;

import org.gsaexplorer.visualizer.FxRuntime;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.gsaexplorer.visualizer.catalog.RecentModels;
import org.gsaexplorer.visualizer.panels.Navigation;
import org.gsaexplorer.visualizer.patching.PatchPanel;
import org.gsaexplorer.visualizer.patching.PatchViewModel;
import org.gsaexplorer.visualizer.report.ReportPanel;
import org.gsaexplorer.visualizer.report.ReportViewModel;
import org.gsaexplorer.visualizer.tasks.BackgroundTasks;
import org.gsaexplorer.visualizer.session.ExplorerViewModel;
import org.gsaexplorer.visualizer.throughput.ThroughputPanel;
import org.gsaexplorer.visualizer.ui.ExplorerWindow;
import org.gsaexplorer.visualizer.views.ActiveHead;
import org.gsaexplorer.visualizer.views.ViewKind;

import java.util.concurrent.CountDownLatch;

/** The desktop explorer: opens the window on a setup and returns when it is closed. */
public final class ExplorerApp {
    private ExplorerApp() {
    }

    /** Builds the window on the FX thread (stage not shown yet) over {@code vm}, which may still be loading. */
    public static ExplorerWindow create(ExplorerViewModel vm, RecentModels recent, Stage stage, double w, double h) {
        ExplorerWindow win = new ExplorerWindow(vm, recent);
        win.attach(stage);
        // the window names the model once it is loaded
        stage.setTitle("GSA Explorer");
        stage.setScene(win.scene(w, h));
        win.addTab("Throughput", () -> new ThroughputPanel(vm.tasks().deliveringOn(FxRuntime::onFxThread)));
        BackgroundTasks panelTasks = vm.tasks().deliveringOn(FxRuntime::onFxThread);
        Navigation navigation = new Navigation(vm, panelTasks.delivery(), win::selectView);
        win.addTab("Report", () -> new ReportPanel(new ReportViewModel(vm::loadedModel, vm::checkpointOf, navigation, panelTasks)));
        win.addTab("Patching", () -> new PatchPanel(new PatchViewModel(vm::loadedModel, vm::checkpointOf, vm::tokenText, navigation, panelTasks),
                vm::snapshot));
        win.selectView(ViewKind.DEFAULT);
        win.start();
        return win;
    }

    /**
     * Opens the window on {@code setup}. On the first launch without a model asked for (no folder opened before), the
     * start page comes up beside the default sample, so the other bundled models are one click away.
     */
    public static void run(ExplorerSetup setup) {
        FxRuntime.start();
        try (ExplorerViewModel vm = new ExplorerViewModel()) {
            CountDownLatch closed = new CountDownLatch(1);
            RecentModels recent = RecentModels.userDefault();
            boolean firstLaunch = setup.defaultModel() && recent.list().isEmpty();
            vm.open(setup.model(), setup.backend(), setup.prompt(), setup.cursor()).thenRun(() -> recent.add(setup.model()))
                    .thenCompose(v -> ActiveHead.focus(vm));
            Platform.runLater(() -> {
                Stage stage = new Stage();
                ExplorerWindow win = create(vm, recent, stage, 1500, 940);
                StartupReport.arm(win, stage);
                stage.setOnHidden(e -> {
                    win.stop();
                    closed.countDown();
                });
                stage.show();
                if (firstLaunch) win.showStartPage();
            });
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Platform.exit();
        }
    }
}
