package org.gsaexplorer.visualizer.ui;

import javafx.scene.Node;
import javafx.scene.control.Spinner;
import org.gsaexplorer.visualizer.FxRuntime;
import org.gsaexplorer.visualizer.session.ExplorerViewModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Out-of-range and non-numeric text typed into the transport's spinners (monkey test findings) throws nothing. */
class TransportBarFxTest {
    @Test
    void anyTextInAnySpinnerIsHarmless() {
        assumeTrue(FxRuntime.hasDisplay(), "no display: FX tests run under xvfb-run -a");
        FxRuntime.start();
        try (ExplorerViewModel vm = new ExplorerViewModel()) {
            List<String> thrown = FxRuntime.call(() -> {
                List<String> seen = new ArrayList<>();
                Thread fx = Thread.currentThread();
                Thread.UncaughtExceptionHandler before = fx.getUncaughtExceptionHandler();
                // JavaFX hands a listener's exception to the thread's handler rather than to the caller
                fx.setUncaughtExceptionHandler((t, e) -> seen.add(e.toString()));
                try {
                    TransportBar bar = new TransportBar(vm, msg -> { });
                    for (Node n : bar.lookupAll(".spinner"))
                        for (String text : List.of("-3", "k17", "", "99999999999", "5")) {
                            Spinner<?> s = (Spinner<?>) n;
                            s.getEditor().setText(text);
                            s.commitValue();
                        }
                } finally {
                    fx.setUncaughtExceptionHandler(before);
                }
                return seen;
            });
            assertEquals(List.of(), thrown);
        }
    }
}
