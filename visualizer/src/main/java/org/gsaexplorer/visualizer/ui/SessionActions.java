package org.gsaexplorer.visualizer.ui;

import javafx.application.Platform;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import org.gsaexplorer.visualizer.catalog.RecentModels;
import org.gsaexplorer.visualizer.session.Errors;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.session.ExplorerViewModel;
import org.gsaexplorer.visualizer.session.SessionFile;
import org.gsaexplorer.visualizer.views.ActiveHead;
import org.gsaexplorer.visualizer.views.ViewKind;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** What the File and Backend menus do with models and sessions: open a checkpoint folder, switch backend, save and restore. */
final class SessionActions {
    private static final FileChooser.ExtensionFilter SESSION_FILES = new FileChooser.ExtensionFilter("GSA Explorer session (*.gsa-session.json)", "*.json");

    private final ExplorerViewModel vm;
    private final RecentModels recent;
    private final Dialogs dialogs;
    private final Supplier<ExplorerSnapshot> shown;
    private final Supplier<String> promptText, backend, currentTab;
    private final Consumer<String> selectTab;

    /**
     * @param shown      the snapshot on screen
     * @param promptText the prompt as typed
     * @param backend    the backend to open models on
     * @param currentTab the tab on screen, as sessions name it; {@code selectTab} shows one by that name
     */
    SessionActions(ExplorerViewModel vm, RecentModels recent, Dialogs dialogs, Supplier<ExplorerSnapshot> shown, Supplier<String> promptText,
                   Supplier<String> backend, Supplier<String> currentTab, Consumer<String> selectTab) {
        this.vm = vm;
        this.recent = recent;
        this.dialogs = dialogs;
        this.shown = shown;
        this.promptText = promptText;
        this.backend = backend;
        this.currentTab = currentTab;
        this.selectTab = selectTab;
    }

    void chooseModelFolder() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Open a GSA checkpoint folder (config.json + model.safetensors)");
        File f = dc.showDialog(dialogs.stage());
        if (f != null) open(f.toPath());
    }

    /**
     * Opens a checkpoint folder; reopening the model on screen keeps the prompt as typed and the head; another model
     * keeps a prompt the user gave when it tokenizes there (otherwise it starts on its own starter prompt) and opens on
     * its most active head ({@link ActiveHead}).
     */
    CompletableFuture<Void> open(Path dir) {
        ExplorerSnapshot s = shown.get();
        boolean same = s.model() != null && dir.equals(s.model().dir());
        CompletableFuture<Void> opened = (same ? vm.open(dir, backend.get(), promptText.get(), -1)
                : vm.openKeepingPrompt(dir, backend.get(), promptText.get())).thenRun(() -> recent.add(dir));
        return same ? opened : opened.thenCompose(v -> ActiveHead.focus(vm));
    }

    /** Reloads the model on screen on {@code name}, keeping the prompt and cursor. */
    void switchBackend(String name) {
        ExplorerSnapshot s = shown.get();
        if (s.model() != null) vm.open(s.model().dir(), name, promptText.get(), s.cursor());
    }

    void save() {
        ExplorerSnapshot s = shown.get();
        if (s.model() == null) {
            dialogs.error("no model is loaded: nothing to save");
            return;
        }
        Path chosen = dialogs.saveAs(s.model().name().replaceAll("[^A-Za-z0-9]+", "-") + ".gsa-session.json", SESSION_FILES);
        if (chosen == null) return;
        Path p = chosen;
        if (!p.getFileName().toString().endsWith(".json")) p = p.resolveSibling(p.getFileName() + ".gsa-session.json");
        // the dialog asks before replacing the name it returns; a name we completed is asked about here
        boolean replace = Files.exists(p);
        if (replace && !p.equals(chosen) && !dialogs.confirm(p.getFileName() + " already exists. Replace it?")) return;
        Path target = p;
        dialogs.guard(() -> SessionFile.of(s, currentTab.get()).write(target, replace));
    }

    void chooseSession() {
        FileChooser fc = new FileChooser();
        fc.getExtensionFilters().add(SESSION_FILES);
        File f = fc.showOpenDialog(dialogs.stage());
        if (f != null) openSession(f.toPath());
    }

    /** Restores a session file: model, tokens, ablations, comparison, selection, cursor and view. */
    CompletableFuture<Void> openSession(Path file) {
        SessionFile session;
        try {
            session = SessionFile.read(file);
        } catch (RuntimeException e) {
            dialogs.error(Errors.message(e));
            return CompletableFuture.failedFuture(e);
        }
        return vm.restore(session).thenRun(() -> Platform.runLater(() -> {
            selectTab.accept(session.view() != null ? session.view() : ViewKind.DEFAULT.id);
            recent.add(session.model());
        }));
    }
}
