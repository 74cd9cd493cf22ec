package org.gsaexplorer.visualizer.ui;

import javafx.animation.AnimationTimer;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.*;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.*;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.gsaexplorer.model.backend.Backends;
import org.gsaexplorer.visualizer.catalog.ModelCatalog;
import org.gsaexplorer.visualizer.catalog.RecentModels;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.visualizer.FxRuntime;
import org.gsaexplorer.visualizer.recall.RecallPanel;
import org.gsaexplorer.visualizer.recall.RecallViewModel;
import org.gsaexplorer.visualizer.tasks.BackgroundTasks;
import org.gsaexplorer.visualizer.tour.TourViewModel;
import org.gsaexplorer.visualizer.recall.ViewTarget;
import org.gsaexplorer.visualizer.tour.TourPanel;
import org.gsaexplorer.visualizer.session.*;
import org.gsaexplorer.visualizer.ui.view.Export;
import org.gsaexplorer.visualizer.ui.view.ExplorerView;
import org.gsaexplorer.visualizer.ui.view.ExportFormat;
import org.gsaexplorer.visualizer.ui.view.Views;
import org.gsaexplorer.visualizer.views.ViewKind;

import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The main window. It holds no model state: controls send commands to the {@link ExplorerViewModel}, and one
 * AnimationTimer renders the newest {@link ExplorerSnapshot} (only when it changed, and only the visible view).
 */
public final class ExplorerWindow {
    private final ExplorerViewModel vm;
    private final RecentModels recent;
    private final BorderPane root = new BorderPane();
    private final TabPane tabs = new TabPane();
    // tabs by name: a view's id, or a panel's title in lower case
    private final Map<String, Tab> tabByName = new LinkedHashMap<>();
    private final TokenStrip strip = new TokenStrip();
    private final Views views;
    private final Slider scrubber = new Slider(1, 1, 1);
    private final TextArea prompt = new TextArea();
    private final Spinner<Integer> layer = new Spinner<>(0, 0, 0), head = new Spinner<>(0, 0, 0), slot = new Spinner<>(0, 0, 0),
            window = new Spinner<>(8, 4096, Selection.DEFAULT.window(), 16);
    private final Spinner<Double> temperature = new Spinner<>(0.0, 5.0, 0.0, 0.1);
    private final Spinner<Integer> topK = new Spinner<>(0, 1000, 0), genCount = new Spinner<>(1, 10000, 8);
    private final Slider speed = new Slider(1, 60, 8);
    private final ToggleButton runButton = new ToggleButton("▶ Run");
    private final TextField jumpField = new TextField();
    private final Label statusModel = new Label(), statusDevice = new Label(), statusMemory = new Label(), statusSpeed = new Label(), statusPos = new Label();
    private final ProgressBar progress = new ProgressBar();
    private final Button cancel = new Button("Cancel");
    private final Menu recentMenu = new Menu("Open recent"), hfMenu = new Menu("Hugging Face cache");
    private final CheckMenuItem compare = new CheckMenuItem("Compare with baseline (side by side)");
    private final ToggleGroup backendGroup = new ToggleGroup();
    private final AblationPanel ablations;
    private final RecallPanel recall;
    private final TourPanel tour;
    private final TabPane side = new TabPane();
    private Tab tourTab;
    // the model the side panels last saw, and the one the tour last started on
    private LoadedModel panelsModel, tourModel;
    private Ablations shownAblations = Ablations.NONE;
    private ExplorerSnapshot shown = ExplorerSnapshot.EMPTY;
    private long shownErrorId;
    private boolean updatingControls;
    private AnimationTimer timer;
    private Stage stage;
    private long memoryShownAt;
    private static final long MEMORY_EVERY = 250_000_000L;

    public ExplorerWindow(ExplorerViewModel vm, RecentModels recent) {
        this.vm = vm;
        this.recent = recent;
        views = new Views(s -> slot.getValueFactory().setValue(s), (l, h) -> {
            layer.getValueFactory().setValue(l);
            head.getValueFactory().setValue(h * (shown.model() == null ? 1 : shown.model().config().groups()));
            selectView(ViewKind.OCCUPANCY);
        });
        ablations = new AblationPanel(vm::setAblations, this::showError);
        BackgroundTasks panelTasks = vm.tasks().deliveringOn(FxRuntime::onFxThread);
        recall = new RecallPanel(new RecallViewModel(vm::loadedModel, this::tokenText, this::navigate, panelTasks, System.nanoTime()),
                () -> shown.main().ablations());
        tour = new TourPanel(new TourViewModel(vm::loadedModel, this::tokenText, this::navigate, panelTasks, TourViewModel.DEFAULT_SEQUENCES));
        root.setTop(new VBox(menuBar(), transport()));
        root.setCenter(center());
        root.setRight(sidePanels());
        root.setBottom(statusBar());
        root.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) e.acceptTransferModes(TransferMode.LINK);
            e.consume();
        });
        root.setOnDragDropped(e -> {
            List<File> files = e.getDragboard().getFiles();
            if (!files.isEmpty()) open(files.getFirst().isDirectory() ? files.getFirst().toPath() : files.getFirst().toPath().getParent());
            e.setDropCompleted(true);
        });
        root.setStyle("-fx-font-size: 12px; -fx-base: #ececf0;");
        strip.setOnJump(vm::jump);
    }

    public BorderPane root() {
        return root;
    }

    public Scene scene(double w, double h) {
        Scene scene = new Scene(root, w, h);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.RIGHT, KeyCombination.SHORTCUT_DOWN), vm::step);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.LEFT, KeyCombination.SHORTCUT_DOWN), vm::stepBack);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.SPACE, KeyCombination.SHORTCUT_DOWN), () -> runButton.fire());
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.HOME, KeyCombination.SHORTCUT_DOWN), () -> vm.jump(1));
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.END, KeyCombination.SHORTCUT_DOWN), () -> vm.jump(Integer.MAX_VALUE));
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.G, KeyCombination.SHORTCUT_DOWN), () -> vm.generate(genCount.getValue()));
        return scene;
    }

    public void attach(Stage s) {
        stage = s;
    }

    /** Starts the single render loop: each pulse renders the newest snapshot if it changed. */
    public void start() {
        timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                ExplorerSnapshot s = vm.snapshot();
                if (s.version() != shown.version()) render(s);
            }
        };
        timer.start();
    }

    public void stop() {
        if (timer != null) timer.stop();
    }

    public void selectView(ViewKind view) {
        selectTab(view.id);
    }

    /** Shows the tab of a view id or of a panel's title in lower case; other names are ignored. */
    public void selectTab(String name) {
        Tab t = tabByName.get(name);
        if (t == null) return;
        tabs.getSelectionModel().select(t);
        render(vm.snapshot());
    }

    /** The node of a view, for snapshots. */
    public Node viewNode(ViewKind view) {
        return views.get(view).node();
    }

    public List<HeatmapCanvas> heatmaps(ViewKind view) {
        return views.get(view).heatmaps();
    }

    public AblationPanel ablationPanel() {
        return ablations;
    }

    /** Adds a panel (throughput) as a tab. */
    public void addTab(String name, Node content) {
        Tab t = new Tab(name, content);
        tabByName.put(name.toLowerCase(), t);
        tabs.getTabs().add(t);
    }

    public RecallPanel recallPanel() {
        return recall;
    }

    public TourPanel tourPanel() {
        return tour;
    }

    /** The view on screen, or null while a panel's tab is. */
    public ViewKind currentView() {
        return ViewKind.parse(currentTab()).orElse(null);
    }

    /** The name of the tab on screen, as {@link #selectTab} takes it. */
    public String currentTab() {
        Tab t = tabs.getSelectionModel().getSelectedItem();
        return tabByName.entrySet().stream().filter(e -> e.getValue() == t).map(Map.Entry::getKey).findFirst().orElse(ViewKind.DEFAULT.id);
    }

    /**
     * Brings the views to what a side panel asks for (recall query, tour step): prompt, ablations, selection, cursor and
     * view. The commands queue on the engine in this order, so the cursor lands on the new tokens.
     */
    public void navigate(ViewTarget t) {
        if (shown.model() == null) return;
        String text = t.promptText(shown.model().tokenText());
        if (text != null && !text.equals(shown.prompt())) vm.setPrompt(text);
        if (t.ablations() != null) {
            ablations.show(t.ablations());
            vm.setAblations(t.ablations());
        }
        vm.select(new Selection(t.layer(), t.head(), t.slot(), shown.selection().window()));
        vm.jump(t.tokens());
        selectView(t.view());
    }

    private String tokenText(int id) {
        ModelInfo m = shown.model();
        return m == null ? String.valueOf(id) : m.tokenText().apply(id);
    }

    // ---- layout ----

    private Node sidePanels() {
        ScrollPane abl = new ScrollPane(ablations);
        abl.setFitToWidth(true);
        ScrollPane rec = new ScrollPane(recall);
        rec.setFitToWidth(true);
        rec.setFitToHeight(true);
        ScrollPane tr = new ScrollPane(tour);
        tr.setFitToWidth(true);
        tourTab = new Tab("Tour", tr);
        side.getTabs().addAll(new Tab("Ablations", abl), new Tab("Recall", rec), tourTab);
        side.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        side.setPrefWidth(300);
        // the tour measures recall accuracies in the background: start it when someone opens it, not on every launch
        tourTab.setOnSelectionChanged(e -> startTourIfShown());
        return side;
    }

    private void startTourIfShown() {
        LoadedModel m = vm.loadedModel();
        if (tourTab.isSelected() && m != null && m != tourModel) {
            tourModel = m;
            tour.start();
        }
    }

    /** A new model (opened, or a backend switch): what the side panels computed on the old one no longer applies. */
    private void panelsFollowModel() {
        LoadedModel m = vm.loadedModel();
        if (m == panelsModel) return;
        panelsModel = m;
        recall.viewModel().modelChanged();
        tour.modelChanged();
        startTourIfShown();
    }

    /** Shows a side panel by its tab title (Ablations, Recall, Tour). */
    public void selectSidePanel(String title) {
        side.getTabs().stream().filter(t -> t.getText().equals(title)).findFirst().ifPresent(t -> side.getSelectionModel().select(t));
    }

    private MenuBar menuBar() {
        MenuItem open = new MenuItem("Open checkpoint folder…");
        open.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
        open.setOnAction(e -> {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle("Open a GSA checkpoint folder (config.json + model.safetensors)");
            File f = dc.showDialog(stage);
            if (f != null) open(f.toPath());
        });
        recentMenu.setOnShowing(e -> fillRecent());
        hfMenu.setOnShowing(e -> fillHf());
        fillRecent();
        fillHf();
        Menu export = new Menu("Export view");
        for (ExportFormat f : ExportFormat.values()) {
            MenuItem mi = new MenuItem(f.label + "…");
            mi.setOnAction(e -> exportVisible(f));
            export.getItems().add(mi);
        }
        MenuItem saveSession = new MenuItem("Save session…");
        saveSession.setAccelerator(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN));
        saveSession.setOnAction(e -> saveSession());
        MenuItem openSession = new MenuItem("Open session…");
        openSession.setOnAction(e -> openSession());
        MenuItem quit = new MenuItem("Quit");
        quit.setOnAction(e -> { if (stage != null) stage.close(); });
        Menu file = new Menu("File", null, open, recentMenu, hfMenu, new SeparatorMenuItem(), openSession, saveSession,
                new SeparatorMenuItem(), export, new SeparatorMenuItem(), quit);
        Menu backend = new Menu("Backend");
        for (String name : Backends.availableNames()) {
            RadioMenuItem r = new RadioMenuItem(name);
            r.setToggleGroup(backendGroup);
            r.setUserData(name);
            r.setOnAction(e -> { if (shown.model() != null) vm.open(shown.model().dir(), name, prompt.getText(), shown.cursor()); });
            backend.getItems().add(r);
        }
        compare.setOnAction(e -> vm.setCompare(compare.isSelected()));
        Menu view = new Menu("View", null, compare);
        return new MenuBar(file, backend, view);
    }

    private void fillRecent() {
        recentMenu.getItems().clear();
        for (Path p : recent.list()) {
            MenuItem mi = new MenuItem(p.toString());
            mi.setOnAction(e -> open(p));
            recentMenu.getItems().add(mi);
        }
        if (recentMenu.getItems().isEmpty()) recentMenu.getItems().add(disabled("(none yet)"));
    }

    private void fillHf() {
        hfMenu.getItems().clear();
        Path hub = ModelCatalog.hubCache(System.getenv(), Path.of(System.getProperty("user.home")));
        for (ModelCatalog.CachedModel m : ModelCatalog.huggingFaceModels(hub)) {
            MenuItem mi = new MenuItem(m.toString());
            mi.setOnAction(e -> open(m.dir()));
            hfMenu.getItems().add(mi);
        }
        if (hfMenu.getItems().isEmpty()) hfMenu.getItems().add(disabled("(no GSA models in " + hub + ")"));
    }

    private static MenuItem disabled(String text) {
        MenuItem mi = new MenuItem(text);
        mi.setDisable(true);
        return mi;
    }

    private void open(Path dir) {
        Toggle t = backendGroup.getSelectedToggle();
        String backend = t != null ? (String) t.getUserData() : shown.model() != null ? shown.model().backend() : Backends.availableNames().getFirst();
        vm.open(dir, backend, shown.model() != null && dir.equals(shown.model().dir()) ? prompt.getText() : "", -1)
                .thenRun(() -> recent.add(dir));
    }

    private Node transport() {
        Button back = new Button("◀ Back");
        back.setTooltip(new Tooltip("Step back one token (Ctrl+Left)"));
        back.setOnAction(e -> vm.stepBack());
        Button step = new Button("Step ▶");
        step.setTooltip(new Tooltip("Step one token; at the end, generate one (Ctrl+Right)"));
        step.setOnAction(e -> vm.step());
        runButton.setTooltip(new Tooltip("Run / pause at the chosen speed (Ctrl+Space)"));
        runButton.setOnAction(e -> {
            if (runButton.isSelected()) vm.run(speed.getValue());
            else vm.pause();
        });
        speed.setPrefWidth(90);
        speed.setTooltip(new Tooltip("tokens per second"));
        jumpField.setPrefColumnCount(5);
        jumpField.setPromptText("jump to");
        jumpField.setOnAction(e -> {
            try {
                vm.jump(Integer.parseInt(jumpField.getText().trim()) + 1);
            } catch (NumberFormatException ex) {
                showError("jump: '" + jumpField.getText() + "' is not a token position");
            }
        });
        Button gen = new Button("Generate");
        gen.setTooltip(new Tooltip("Generate tokens from the cursor (Ctrl+G); tokens after the cursor are replaced"));
        gen.setOnAction(e -> vm.setSampler(new Sampler(temperature.getValue(), topK.getValue(), System.nanoTime()))
                .thenRun(() -> vm.generate(genCount.getValue())));
        for (Spinner<?> s : List.of(layer, head, slot, window, temperature, topK, genCount)) {
            s.setPrefWidth(72);
            s.setEditable(true);
        }
        layer.valueProperty().addListener((o, a, b) -> selectionChanged());
        head.valueProperty().addListener((o, a, b) -> selectionChanged());
        slot.valueProperty().addListener((o, a, b) -> selectionChanged());
        window.valueProperty().addListener((o, a, b) -> selectionChanged());
        HBox bar = new HBox(6, back, step, runButton, new Label("speed"), speed, new Separator(Orientation.VERTICAL),
                new Label("token"), jumpField, new Separator(Orientation.VERTICAL), gen, genCount, new Label("temp"), temperature,
                new Label("top-k"), topK, new Separator(Orientation.VERTICAL), new Label("layer"), layer, new Label("head"), head,
                new Label("slot"), slot, new Label("window"), window);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 8, 4, 8));
        prompt.setPrefRowCount(2);
        prompt.setWrapText(true);
        prompt.setStyle("-fx-font-family: monospace;");
        Button runPrompt = new Button("Run prompt");
        runPrompt.setOnAction(e -> vm.setPrompt(prompt.getText()));
        HBox promptRow = new HBox(6, new Label("Prompt"), prompt, runPrompt);
        HBox.setHgrow(prompt, Priority.ALWAYS);
        promptRow.setAlignment(Pos.CENTER_LEFT);
        promptRow.setPadding(new Insets(2, 8, 2, 8));
        scrubber.setBlockIncrement(1);
        scrubber.setMajorTickUnit(1);
        scrubber.setSnapToTicks(true);
        scrubber.valueProperty().addListener((o, a, b) -> { if (!updatingControls) vm.jump((int) Math.round(b.doubleValue())); });
        HBox scrubRow = new HBox(6, new Label("Scrub"), scrubber, statusPos);
        HBox.setHgrow(scrubber, Priority.ALWAYS);
        scrubRow.setAlignment(Pos.CENTER_LEFT);
        scrubRow.setPadding(new Insets(0, 8, 2, 8));
        VBox box = new VBox(promptRow, bar, scrubRow, strip);
        box.setStyle("-fx-background-color: #f6f6f8; -fx-border-color: #d4d4da; -fx-border-width: 0 0 1 0;");
        return box;
    }

    private void selectionChanged() {
        if (updatingControls) return;
        vm.select(new Selection(layer.getValue(), head.getValue(), slot.getValue(), window.getValue()));
    }

    private Node center() {
        for (ExplorerView v : views.all()) {
            Tab t = new Tab(v.kind().title(), v.node());
            tabByName.put(v.kind().id, t);
            tabs.getTabs().add(t);
            for (HeatmapCanvas h : v.heatmaps()) h.setOnContextMenuRequested(e -> exportMenu(h).show(h, e.getScreenX(), e.getScreenY()));
        }
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> render(vm.snapshot()));
        return tabs;
    }

    private Node statusBar() {
        progress.setPrefWidth(160);
        progress.setVisible(false);
        cancel.setVisible(false);
        cancel.setOnAction(e -> vm.cancelLoad());
        HBox bar = new HBox(14, statusModel, statusDevice, statusSpeed, statusMemory, new Region(), progress, cancel);
        HBox.setHgrow(bar.getChildren().get(4), Priority.ALWAYS);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(3, 8, 3, 8));
        bar.setStyle("-fx-background-color: #e4e4ea; -fx-font-size: 11px;");
        return bar;
    }

    // ---- rendering ----

    /** Draws snapshot {@code s}: status, transport, token strip and the visible view. FX thread only. */
    public void render(ExplorerSnapshot s) {
        shown = s;
        panelsFollowModel();
        if (s.errorId() != shownErrorId) {
            shownErrorId = s.errorId();
            if (s.error() != null) showError(s.error());
        }
        status(s);
        controls(s);
        strip.show(s);
        ViewKind view = currentView();
        if (s.model() != null && s.computed() > 0 && view != null) views.get(view).show(s);
    }

    private void status(ExplorerSnapshot s) {
        if (s.model() != null) {
            var c = s.model().config();
            statusModel.setText(s.model().name() + "  ·  " + c.numLayers() + " layers × " + c.numHeads() + " heads × " + c.numSlots() + " slots");
            statusDevice.setText("backend " + s.model().backend() + " (" + s.model().device() + ")");
        }
        statusSpeed.setText(s.tokensPerSecond() > 0 ? String.format("%.0f tokens/s", s.tokensPerSecond()) : "");
        // the heap figure moves with every allocation: a few updates a second spare a relayout and repaint per frame
        long now = System.nanoTime();
        if (now - memoryShownAt > MEMORY_EVERY) {
            memoryShownAt = now;
            Runtime rt = Runtime.getRuntime();
            statusMemory.setText(String.format("heap %d MiB · history %.1f MiB probes + %d states", (rt.totalMemory() - rt.freeMemory()) >> 20,
                    s.memory().probeBytes() / 1048576.0, s.memory().states()));
        }
        statusPos.setText(s.computed() == 0 ? "" : "token " + s.current() + " of " + s.computed());
        boolean loading = s.loading() != null;
        progress.setVisible(loading);
        cancel.setVisible(loading);
        if (loading) {
            progress.setProgress(s.loading().fraction());
            statusSpeed.setText(s.loading().phase() + "…");
        }
    }

    private void controls(ExplorerSnapshot s) {
        updatingControls = true;
        try {
            scrubber.setMax(Math.max(1, s.computed()));
            scrubber.setValue(s.cursor());
            if (s.model() != null) {
                var c = s.model().config();
                bound(layer, c.numLayers() - 1, s.selection().layer());
                bound(head, c.numHeads() - 1, s.selection().head());
                bound(slot, c.numSlots() - 1, s.selection().slot());
                for (Toggle t : backendGroup.getToggles()) if (s.model().backend().equals(t.getUserData())) backendGroup.selectToggle(t);
            }
            if (!prompt.isFocused() && !prompt.getText().equals(s.prompt())) prompt.setText(s.prompt());
            if (runButton.isSelected() != s.running()) runButton.setSelected(s.running());
            runButton.setText(s.running() ? "⏸ Pause" : "▶ Run");
            compare.setSelected(s.baseline() != null);
            if (!s.main().ablations().describe().equals(shownAblations.describe())) ablations.show(s.main().ablations());
            shownAblations = s.main().ablations();
        } finally {
            updatingControls = false;
        }
    }

    private static void bound(Spinner<Integer> s, int max, int value) {
        SpinnerValueFactory.IntegerSpinnerValueFactory f = (SpinnerValueFactory.IntegerSpinnerValueFactory) s.getValueFactory();
        if (f.getMax() != max) f.setMax(max);
        if (f.getValue() != value) f.setValue(value);
    }

    // ---- sessions ----

    private static final FileChooser.ExtensionFilter SESSION_FILES = new FileChooser.ExtensionFilter("GSA Explorer session (*.gsa-session.json)", "*.json");

    private void saveSession() {
        if (shown.model() == null) {
            showError("no model is loaded: nothing to save");
            return;
        }
        FileChooser fc = new FileChooser();
        fc.getExtensionFilters().add(SESSION_FILES);
        fc.setInitialFileName(shown.model().name().replaceAll("[^A-Za-z0-9]+", "-") + ".gsa-session.json");
        File f = fc.showSaveDialog(stage);
        if (f == null) return;
        Path p = f.toPath();
        if (!p.getFileName().toString().endsWith(".json")) p = p.resolveSibling(p.getFileName() + ".gsa-session.json");
        // the dialog asks before replacing the name it returns; a name we completed is asked about here
        boolean replace = java.nio.file.Files.exists(p);
        if (replace && !p.toFile().equals(f) && !confirm(p.getFileName() + " already exists. Replace it?")) return;
        Path target = p;
        guard(() -> SessionFile.of(shown, currentTab()).write(target, replace));
    }

    private void openSession() {
        FileChooser fc = new FileChooser();
        fc.getExtensionFilters().add(SESSION_FILES);
        File f = fc.showOpenDialog(stage);
        if (f != null) openSession(f.toPath());
    }

    /** Restores a session file: model, tokens, ablations, comparison, selection, cursor and view. */
    public java.util.concurrent.CompletableFuture<Void> openSession(Path file) {
        SessionFile session;
        try {
            session = SessionFile.read(file);
        } catch (RuntimeException e) {
            showError(Errors.message(e));
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        return vm.restore(session).thenRun(() -> javafx.application.Platform.runLater(() -> {
            selectTab(session.view());
            recent.add(session.model());
        }));
    }

    private boolean confirm(String question) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, question, ButtonType.YES, ButtonType.NO);
        a.setHeaderText(null);
        a.setTitle("GSA Explorer");
        a.initOwner(stage);
        return a.showAndWait().orElse(ButtonType.NO) == ButtonType.YES;
    }

    // ---- export and errors ----

    private ContextMenu exportMenu(HeatmapCanvas h) {
        ContextMenu cm = new ContextMenu();
        for (ExportFormat f : ExportFormat.values()) {
            MenuItem mi = new MenuItem("Export " + f.label + "…");
            mi.setOnAction(e -> write(Export.heatmap(h, f)));
            cm.getItems().add(mi);
        }
        return cm;
    }

    private void exportVisible(ExportFormat f) {
        ViewKind view = currentView();
        if (view == null ? f != ExportFormat.PNG : !views.get(view).exports(f)) {
            showError("this view has no matrix to export as " + f.label + "; use PNG");
            return;
        }
        write(view == null ? Export.png(currentTab(), tabs.getSelectionModel().getSelectedItem().getContent()) : views.get(view).export(f));
    }

    /** Asks where to write {@code e} (null: nothing to write yet) and writes it there. */
    private void write(Export e) {
        if (e == null) return;
        Path p = choose(e.suggestedName());
        if (p != null) guard(() -> e.write(p));
    }

    /** A save dialog; it asks before replacing a file, so the write may overwrite what the user confirmed. */
    private Path choose(String suggested) {
        FileChooser fc = new FileChooser();
        fc.setInitialFileName(suggested);
        File f = fc.showSaveDialog(stage);
        return f == null ? null : f.toPath();
    }

    private void guard(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            showError(Errors.message(e));
        }
    }

    private void showError(String message) {
        if (stage == null || !stage.isShowing()) return;
        Alert a = new Alert(Alert.AlertType.ERROR, message, ButtonType.OK);
        a.setHeaderText(null);
        a.setTitle("GSA Explorer");
        a.initOwner(stage);
        a.show();
    }
}
