package org.gsaexplorer.app.fx;

import org.gsaexplorer.visualizer.FxRuntime;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.gsaexplorer.visualizer.catalog.RecentModels;
import org.gsaexplorer.visualizer.session.ExplorerViewModel;
import org.gsaexplorer.visualizer.throughput.ThroughputPanel;
import org.gsaexplorer.visualizer.ui.ExplorerWindow;
import org.gsaexplorer.visualizer.views.ViewKind;

import java.util.concurrent.CountDownLatch;

/** The desktop explorer: opens the window on a setup and returns when it is closed. */
public final class ExplorerApp {
    private ExplorerApp() {
    }

    /** Builds the window on the FX thread (stage not shown yet); the view model starts loading at once. */
    public static ExplorerWindow create(ExplorerViewModel vm, ExplorerSetup setup, Stage stage, double w, double h) {
        ExplorerWindow win = new ExplorerWindow(vm, RecentModels.userDefault());
        win.attach(stage);
        stage.setTitle("GSA Explorer — " + setup.model());
        stage.setScene(win.scene(w, h));
        win.addTab("Throughput", () -> new ThroughputPanel(vm.tasks().deliveringOn(FxRuntime::onFxThread)));
        win.selectView(ViewKind.DEFAULT);
        win.start();
        return win;
    }

    public static void run(ExplorerSetup setup) {
        FxRuntime.start();
        try (ExplorerViewModel vm = new ExplorerViewModel()) {
            CountDownLatch closed = new CountDownLatch(1);
            vm.open(setup.model(), setup.backend(), setup.prompt(), setup.cursor());
            Platform.runLater(() -> {
                Stage stage = new Stage();
                StartupReport.arm(create(vm, setup, stage, 1500, 940), stage);
                stage.setOnHidden(e -> closed.countDown());
                stage.show();
            });
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Platform.exit();
        }
    }
}
