package org.gsaexplorer.visualizer.ui;

import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Toggle;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import org.gsaexplorer.model.backend.BackendProvider;
import org.gsaexplorer.model.backend.Backends;
import org.gsaexplorer.visualizer.catalog.ModelCatalog;
import org.gsaexplorer.visualizer.catalog.RecentModels;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.session.ExplorerViewModel;
import org.gsaexplorer.visualizer.ui.view.ExportFormat;

import java.nio.file.Path;
import java.util.function.Consumer;

/** File (start page, models, the bundled samples, recent ones, the Hugging Face cache, sessions, export, quit), Backend and View (comparison). */
final class MainMenu extends MenuBar {
    private final RecentModels recent;
    private final SessionActions sessions;
    private final Menu recentMenu = new Menu("Open recent"), hfMenu = new Menu("Hugging Face cache");
    private final CheckMenuItem compare = new CheckMenuItem("Compare with baseline (side by side)");
    private final Menu view = new Menu("View", null, compare);
    private final ToggleGroup backendGroup = new ToggleGroup();

    MainMenu(ExplorerViewModel vm, RecentModels recent, SessionActions sessions, Consumer<ExportFormat> exportView, Runnable startPage,
             Runnable quit) {
        this.recent = recent;
        this.sessions = sessions;
        MenuItem start = new MenuItem("Start page: choose a model…");
        start.setOnAction(e -> startPage.run());
        MenuItem open = new MenuItem("Open checkpoint folder…");
        open.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
        open.setOnAction(e -> sessions.chooseModelFolder());
        recentMenu.setOnShowing(e -> fillRecent());
        hfMenu.setOnShowing(e -> fillHf());
        fillRecent();
        fillHf();
        Menu export = new Menu("Export view");
        for (ExportFormat f : ExportFormat.values()) {
            MenuItem mi = new MenuItem(f.label + "…");
            mi.setOnAction(e -> exportView.accept(f));
            export.getItems().add(mi);
        }
        MenuItem saveSession = new MenuItem("Save session…");
        saveSession.setAccelerator(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN));
        saveSession.setOnAction(e -> sessions.save());
        MenuItem openSession = new MenuItem("Open session…");
        openSession.setOnAction(e -> sessions.chooseSession());
        MenuItem exit = new MenuItem("Quit");
        exit.setOnAction(e -> quit.run());
        Menu samples = new Menu("Bundled samples");
        for (Path p : ModelCatalog.bundledModels()) {
            MenuItem mi = new MenuItem(p.getParent().getFileName().toString());
            mi.setOnAction(e -> sessions.open(p));
            samples.getItems().add(mi);
        }
        if (samples.getItems().isEmpty()) samples.getItems().add(disabled("(samples/ not found)"));
        Menu file = new Menu("File", null, start, open, samples, recentMenu, hfMenu, new SeparatorMenuItem(), openSession, saveSession,
                new SeparatorMenuItem(), export, new SeparatorMenuItem(), exit);
        Menu backend = new Menu("Backend");
        // a backend that cannot run here stays in the menu, disabled, saying why (no GPU, no driver)
        for (BackendProvider p : Backends.providers()) {
            String name = p.name(), why = p.unavailableReason();
            RadioMenuItem r = new RadioMenuItem(why == null ? name : name + " — unavailable: " + why);
            r.setToggleGroup(backendGroup);
            r.setUserData(name);
            r.setDisable(why != null);
            r.setOnAction(e -> sessions.switchBackend(name));
            backend.getItems().add(r);
        }
        compare.setOnAction(e -> vm.setCompare(compare.isSelected()));
        getMenus().addAll(file, backend, view);
    }

    /** Adds {@code items} to the View menu, after a separator. */
    void addToView(java.util.List<MenuItem> items) {
        view.getItems().add(new SeparatorMenuItem());
        view.getItems().addAll(items);
    }

    /** The backend a model opens on: the one chosen in the menu, else the current model's, else the first usable. */
    String chosenBackend(ExplorerSnapshot shown) {
        Toggle t = backendGroup.getSelectedToggle();
        return t != null ? (String) t.getUserData() : shown.model() != null ? shown.model().backend() : Backends.availableNames().getFirst();
    }

    /** The Backend menu's items, for tests. */
    java.util.List<RadioMenuItem> backendItems() {
        return backendGroup.getToggles().stream().map(t -> (RadioMenuItem) t).toList();
    }

    /** Marks the model's backend and the comparison as the snapshot has them. */
    void show(ExplorerSnapshot s) {
        if (s.model() != null)
            for (Toggle t : backendGroup.getToggles()) if (s.model().backend().equals(t.getUserData())) backendGroup.selectToggle(t);
        compare.setSelected(s.baseline() != null);
    }

    private void fillRecent() {
        recentMenu.getItems().clear();
        for (Path p : recent.list()) {
            MenuItem mi = new MenuItem(p.toString());
            mi.setOnAction(e -> sessions.open(p));
            recentMenu.getItems().add(mi);
        }
        if (recentMenu.getItems().isEmpty()) recentMenu.getItems().add(disabled("(none yet)"));
    }

    private void fillHf() {
        hfMenu.getItems().clear();
        Path hub = ModelCatalog.hubCache(System.getenv(), Path.of(System.getProperty("user.home")));
        for (ModelCatalog.CachedModel m : ModelCatalog.huggingFaceModels(hub)) {
            MenuItem mi = new MenuItem(m.toString());
            mi.setOnAction(e -> sessions.open(m.dir()));
            hfMenu.getItems().add(mi);
        }
        if (hfMenu.getItems().isEmpty()) hfMenu.getItems().add(disabled("(no GSA models in " + hub + ")"));
    }

    private static MenuItem disabled(String text) {
        MenuItem mi = new MenuItem(text);
        mi.setDisable(true);
        return mi;
    }
}
