package org.gsaexplorer.visualizer;

import javafx.stage.Stage;
import org.gsaexplorer.visualizer.catalog.RecentModels;
import org.gsaexplorer.visualizer.session.ExplorerViewModel;
import org.gsaexplorer.visualizer.session.MqarPrompt;
import org.gsaexplorer.visualizer.ui.ExplorerWindow;

import java.nio.file.Path;
import java.util.function.Consumer;

import static org.gsaexplorer.visualizer.FxTesting.fx;

/**
 * The explorer's window on the display for a UI test class, opened and closed one way: a stage of the size asked for
 * over {@code vm}, shown and started; closing stops the window, closes the stage and then the view model.
 */
public record TestWindow(ExplorerViewModel vm, ExplorerWindow win, Stage stage) implements AutoCloseable {

    /**
     * A view model with the recall model at {@code model} open on {@code backend}, on the 8-pair demo prompt (seed 7)
     * with the cursor at its fifth query, and idle: where the UI tests that need a model start.
     */
    public static ExplorerViewModel recallDemo(Path model, String backend) {
        ExplorerViewModel vm = new ExplorerViewModel();
        MqarPrompt p = MqarPrompt.generate(8, 8, 7);
        vm.open(model, backend, p.text(), p.cursorAtQuery(4)).join();
        vm.idle().join();
        return vm;
    }

    /** Opens a window over {@code vm} (after {@link FxTesting#startOnDisplay}). */
    public static TestWindow open(ExplorerViewModel vm, RecentModels recent, int width, int height) {
        return open(vm, recent, width, height, w -> { });
    }

    /** Opens a window over {@code vm}; {@code beforeShow} runs on the FX thread before the stage shows (to add tabs). */
    public static TestWindow open(ExplorerViewModel vm, RecentModels recent, int width, int height, Consumer<ExplorerWindow> beforeShow) {
        return fx(() -> {
            Stage stage = new Stage();
            ExplorerWindow w = new ExplorerWindow(vm, recent);
            w.attach(stage);
            stage.setScene(w.scene(width, height));
            beforeShow.accept(w);
            stage.show();
            w.start();
            return new TestWindow(vm, w, stage);
        });
    }

    @Override
    public void close() {
        fx(() -> {
            win.stop();
            stage.close();
            return null;
        });
        vm.close();
    }
}
