package org.gsaexplorer.visualizer.ui.widget;

import javafx.application.Platform;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.util.StringConverter;

/** Editable spinners that survive whatever is typed into them. */
public final class Spinners {
    private Spinners() {
    }

    /**
     * Makes {@code s} editable. JavaFX commits the typed text through the value factory's converter, whose
     * NumberFormatException on text such as "k17" escaped to the FX thread (found by the UI monkey test); here text
     * that is not a number, or is empty, leaves the value as it was and puts its text back in the field.
     */
    public static <T> Spinner<T> editable(Spinner<T> s) {
        SpinnerValueFactory<T> f = s.getValueFactory();
        StringConverter<T> strict = f.getConverter();
        f.setConverter(new StringConverter<>() {
            @Override
            public String toString(T value) {
                return strict.toString(value);
            }

            @Override
            public T fromString(String text) {
                T parsed;
                try {
                    parsed = strict.fromString(text);
                } catch (RuntimeException e) {
                    parsed = null;
                }
                if (parsed != null) return parsed;
                T kept = f.getValue();
                Platform.runLater(() -> s.getEditor().setText(strict.toString(f.getValue())));
                return kept;
            }
        });
        s.setEditable(true);
        return s;
    }
}
