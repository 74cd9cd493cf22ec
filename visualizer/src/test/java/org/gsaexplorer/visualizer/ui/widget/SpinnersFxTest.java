package org.gsaexplorer.visualizer.ui.widget;

import javafx.scene.control.Spinner;
import org.gsaexplorer.visualizer.FxRuntime;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Whatever is typed into an editable spinner: a number is taken, anything else leaves the value (monkey test finding). */
class SpinnersFxTest {
    @Test
    void textThatIsNotANumberKeepsTheValue() {
        assumeTrue(FxRuntime.hasDisplay(), "no display: FX tests run under xvfb-run -a");
        FxRuntime.start();
        List<Object> values = FxRuntime.call(() -> {
            Spinner<Integer> ints = Spinners.editable(new Spinner<>(0, 10, 3));
            Spinner<Double> doubles = Spinners.editable(new Spinner<>(0.0, 5.0, 0.5, 0.1));
            Object[] seen = new Object[4];
            ints.getEditor().setText("96k17 v90");
            ints.commitValue();
            seen[0] = ints.getValue();
            ints.getEditor().setText("");
            ints.commitValue();
            seen[1] = ints.getValue();
            ints.getEditor().setText("7");
            ints.commitValue();
            seen[2] = ints.getValue();
            doubles.getEditor().setText("temp");
            doubles.commitValue();
            seen[3] = doubles.getValue();
            return List.of(seen);
        });
        assertEquals(List.of(3, 3, 7, 0.5), values);
    }
}
