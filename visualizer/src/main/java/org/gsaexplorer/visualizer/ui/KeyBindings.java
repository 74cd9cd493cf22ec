package org.gsaexplorer.visualizer.ui;

import javafx.scene.Scene;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import org.gsaexplorer.visualizer.session.ExplorerViewModel;

/**
 * The window's keys. ← and → step through the tokens wherever the focus is (a tab header or a slider took them for
 * themselves before), except in a text box, where they move the caret; the Ctrl shortcuts work everywhere.
 */
final class KeyBindings {
    private KeyBindings() {
    }

    static void install(Scene scene, ExplorerViewModel vm, TransportBar transport) {
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.RIGHT, KeyCombination.SHORTCUT_DOWN), vm::step);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.LEFT, KeyCombination.SHORTCUT_DOWN), vm::stepBack);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.SPACE, KeyCombination.SHORTCUT_DOWN), transport::toggleRun);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.HOME, KeyCombination.SHORTCUT_DOWN), () -> vm.jump(1));
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.END, KeyCombination.SHORTCUT_DOWN), () -> vm.jump(Integer.MAX_VALUE));
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.G, KeyCombination.SHORTCUT_DOWN), () -> vm.generate(transport.generateCount()));
        // key events go to the focus owner: a text box (a spinner's editor included) keeps its arrows
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.isShortcutDown() || e.isAltDown() || e.isShiftDown() || e.getTarget() instanceof TextInputControl) return;
            if (e.getCode() == KeyCode.RIGHT) vm.step();
            else if (e.getCode() == KeyCode.LEFT) vm.stepBack();
            else return;
            e.consume();
        });
    }
}
