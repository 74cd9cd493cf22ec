package org.gsaexplorer.app.fx;

import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Slider;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.robot.Robot;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Seeded random input to the explorer's window, through the window system's own event path (a Robot under Xvfb):
 * clicks on controls, tabs and heatmaps (right clicks open their export menus), keys and shortcuts, typing into the
 * prompt and fields, menu actions, ablation, recall and tour panel controls, and model switches between the bundled
 * samples. Each step runs on the FX thread and says what it did. Left out: the items that open the window system's
 * file and folder choosers (nothing automated can answer them; saves are answered by the test) and Quit.
 */
final class Monkey {
    private static final Set<String> NOT_CLICKED = Set.of("Open checkpoint folder…", "Open session…", "Quit", "Choose…", "Save as HTML…");
    private static final KeyCode[] KEYS = {KeyCode.LEFT, KeyCode.RIGHT, KeyCode.UP, KeyCode.DOWN, KeyCode.HOME, KeyCode.END,
            KeyCode.PAGE_UP, KeyCode.PAGE_DOWN, KeyCode.TAB, KeyCode.SPACE, KeyCode.ENTER, KeyCode.ESCAPE, KeyCode.BACK_SPACE,
            KeyCode.DELETE, KeyCode.K, KeyCode.V, KeyCode.X, KeyCode.DIGIT1, KeyCode.DIGIT7, KeyCode.DIGIT0, KeyCode.MINUS, KeyCode.PERIOD};
    // the window's shortcuts, and editing ones; not Ctrl+O, which opens a folder chooser
    private static final KeyCode[] SHORTCUTS = {KeyCode.RIGHT, KeyCode.LEFT, KeyCode.SPACE, KeyCode.HOME, KeyCode.END, KeyCode.G,
            KeyCode.S, KeyCode.A, KeyCode.Z};
    private static final String[] TYPED = {"k1", "v2", "k17 v90", "7", "-3", "zz", " ", "1.5", "k127", "99999"};

    private final Random rnd;
    private final Stage stage;
    private Robot robot;

    Monkey(long seed, Stage stage) {
        this.rnd = new Random(seed);
        this.stage = stage;
    }

    /** One random action (FX thread); returns what it did. */
    String step() {
        if (robot == null) robot = new Robot();
        int dice = rnd.nextInt(100);
        Parent root = stage.getScene().getRoot();
        if (dice < 28) return click(pick(root, Monkey::clickable), "control");
        if (dice < 42) return canvas(root);
        if (dice < 60) return key();
        if (dice < 68) return type(root);
        if (dice < 80) return menu(null);
        if (dice < 83) return menu("Bundled samples");
        if (dice < 91) return panel("Ablations");
        if (dice < 97) return panel("Tour");
        return panel("Recall");
    }

    private String click(Node n, String what) {
        if (n == null) return "no " + what + " to click";
        Point2D p = onScreen(n, rnd.nextDouble(), rnd.nextDouble());
        if (p == null) return what + " off screen: " + describe(n);
        robot.mouseMove(p);
        robot.mouseClick(MouseButton.PRIMARY);
        return "click " + what + " " + describe(n);
    }

    /** A heatmap, overview tile or token: a click selects; a right click opens its menu, whose item is then chosen. */
    private String canvas(Parent root) {
        Node c = pick(root, n -> n instanceof Canvas);
        if (c == null || rnd.nextInt(4) > 0) return click(c, "canvas");
        Point2D p = onScreen(c, rnd.nextDouble(), rnd.nextDouble());
        if (p == null) return "canvas off screen";
        robot.mouseMove(p);
        robot.mouseClick(MouseButton.SECONDARY);
        return "right click " + describe(c);
    }

    /** Chooses an item of a context menu left open by an earlier right click (the robot's click arrives later). */
    String contextMenuItem() {
        for (Window w : new ArrayList<>(Window.getWindows()))
            if (w instanceof ContextMenu cm && cm.isShowing() && !cm.getItems().isEmpty()) {
                MenuItem mi = cm.getItems().get(rnd.nextInt(cm.getItems().size()));
                cm.hide();
                mi.fire();
                return "context menu: " + mi.getText();
            }
        return null;
    }

    private String key() {
        boolean shortcut = rnd.nextInt(3) == 0;
        KeyCode k = shortcut ? SHORTCUTS[rnd.nextInt(SHORTCUTS.length)] : KEYS[rnd.nextInt(KEYS.length)];
        if (shortcut) robot.keyPress(KeyCode.CONTROL);
        robot.keyType(k);
        if (shortcut) robot.keyRelease(KeyCode.CONTROL);
        return "key " + (shortcut ? "Ctrl+" : "") + k;
    }

    private String type(Parent root) {
        Node field = pick(root, n -> n instanceof TextInputControl t && t.isEditable());
        String clicked = click(field, "field");
        String text = TYPED[rnd.nextInt(TYPED.length)];
        for (char ch : text.toCharArray()) robot.keyType(ch == ' ' ? KeyCode.SPACE : ch == '-' ? KeyCode.MINUS
                : ch == '.' ? KeyCode.PERIOD : KeyCode.getKeyCode(String.valueOf(Character.toUpperCase(ch))));
        if (rnd.nextBoolean()) robot.keyType(KeyCode.ENTER);
        return clicked + ", type '" + text + "'";
    }

    /** A random item of the menu bar, or of its submenu {@code submenu}. */
    private String menu(String submenu) {
        MenuBar bar = (MenuBar) pick(stage.getScene().getRoot(), n -> n instanceof MenuBar);
        List<MenuItem> items = new ArrayList<>();
        for (Menu m : bar.getMenus()) collect(m, submenu, submenu == null, items);
        if (items.isEmpty()) return "no menu items" + (submenu == null ? "" : " in " + submenu);
        MenuItem mi = items.get(rnd.nextInt(items.size()));
        mi.fire();
        return "menu " + mi.getText();
    }

    private static void collect(Menu menu, String submenu, boolean inside, List<MenuItem> out) {
        for (MenuItem mi : menu.getItems()) {
            if (mi instanceof Menu sub) collect(sub, submenu, inside || sub.getText().equals(submenu), out);
            else if (inside && !(mi instanceof SeparatorMenuItem) && !mi.isDisable() && !NOT_CLICKED.contains(mi.getText())) out.add(mi);
        }
    }

    /** Shows a side panel and clicks one of its controls. */
    private String panel(String title) {
        TabPane side = (TabPane) pick(stage.getScene().getRoot(), n -> n instanceof TabPane tp
                && tp.getTabs().stream().anyMatch(t -> t.getText().equals(title)));
        Tab tab = side.getTabs().stream().filter(t -> t.getText().equals(title)).findFirst().orElseThrow();
        side.getSelectionModel().select(tab);
        if (tab.getContent() == null) return title + " panel shown";
        side.applyCss();
        side.layout();
        return title + ": " + click(pick((Parent) tab.getContent(), Monkey::clickable), "control");
    }

    private static boolean clickable(Node n) {
        return n instanceof ButtonBase || n instanceof Slider || n instanceof TextInputControl
                || n.getStyleClass().contains("tab") || n.getStyleClass().contains("increment-arrow-button")
                || n.getStyleClass().contains("decrement-arrow-button");
    }

    /** A random node under {@code root} that is shown, enabled and accepted; never inside the menu bar. */
    private Node pick(Parent root, Predicate<Node> accepted) {
        List<Node> found = new ArrayList<>();
        walk(root, accepted, found);
        return found.isEmpty() ? null : found.get(rnd.nextInt(found.size()));
    }

    private static void walk(Node n, Predicate<Node> accepted, List<Node> out) {
        if (!n.isVisible() || n.isDisabled()) return;
        if (accepted.test(n)) out.add(n);
        if (n instanceof Parent p && !(n instanceof MenuBar)) for (Node c : p.getChildrenUnmodifiable()) walk(c, accepted, out);
    }

    /** The screen point at fractions (fx, fy) of {@code n}, or null when it is not on the screen. */
    private static Point2D onScreen(Node n, double fx, double fy) {
        Bounds b = n.getLayoutBounds();
        if (b.getWidth() < 1 || b.getHeight() < 1 || n.getScene() == null) return null;
        Point2D p = n.localToScreen(b.getMinX() + fx * b.getWidth(), b.getMinY() + fy * b.getHeight());
        Rectangle2D screen = Screen.getPrimary().getBounds();
        return p != null && screen.contains(p) ? p : null;
    }

    private static String describe(Node n) {
        String text = n instanceof ButtonBase b ? " '" + b.getText() + "'" : "";
        return n.getClass().getSimpleName() + text;
    }
}
