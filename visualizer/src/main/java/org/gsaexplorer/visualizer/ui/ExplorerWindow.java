package org.gsaexplorer.visualizer.ui;

import org.gsaexplorer.visualizer.ui.widget.HeatmapCanvas;
import javafx.animation.AnimationTimer;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.visualizer.FxRuntime;
import org.gsaexplorer.visualizer.catalog.ModelCatalog;
import org.gsaexplorer.visualizer.catalog.ModelPickerViewModel;
import org.gsaexplorer.visualizer.catalog.RecentModels;
import org.gsaexplorer.visualizer.language.LanguageTourPanel;
import org.gsaexplorer.visualizer.language.LanguageTourViewModel;
import org.gsaexplorer.visualizer.panels.Navigation;
import org.gsaexplorer.visualizer.panels.PanelsFollowModel;
import org.gsaexplorer.visualizer.recall.RecallPanel;
import org.gsaexplorer.visualizer.recall.RecallViewModel;
import org.gsaexplorer.visualizer.render.DisplayPreferences;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.session.ExplorerViewModel;
import org.gsaexplorer.visualizer.tasks.BackgroundTasks;
import org.gsaexplorer.visualizer.tour.Tour;
import org.gsaexplorer.visualizer.tour.TourCache;
import org.gsaexplorer.visualizer.tour.TourPanel;
import org.gsaexplorer.visualizer.tour.TourViewModel;
import org.gsaexplorer.visualizer.ui.view.ExportFormat;
import org.gsaexplorer.visualizer.ui.view.Views;
import org.gsaexplorer.visualizer.views.Caption;
import org.gsaexplorer.visualizer.views.ViewKind;

import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The main window, as layout: menus, transport bar, the views' tabs, the side panels and the status bar. It holds no
 * model state: controls send commands to the {@link ExplorerViewModel} and the panels' view models, and one
 * AnimationTimer renders the newest {@link ExplorerSnapshot} (only when it changed, and only the visible view).
 */
public final class ExplorerWindow {
    private final ExplorerViewModel vm;
    private final BorderPane root = new BorderPane();
    private final TabPane tabs = new TabPane(), side = new TabPane();
    // tabs by name: a view's id, or a panel's title in lower case
    private final Map<String, Tab> tabByName = new LinkedHashMap<>();
    private final Dialogs dialogs = new Dialogs();
    private final TransportBar transport;
    private final StatusBar status;
    private final MainMenu menu;
    private final SessionActions sessions;
    private final ExportActions exports = new ExportActions(dialogs, () -> Caption.of(this.shown));
    private final Views views;
    private final AblationPanel ablations;
    // made when first asked for (its table is the heaviest control of the side panels, and most sessions never open it)
    private final RecallViewModel recallVm;
    private RecallPanel recall;
    private final TourPanel tour;
    private final LanguageTourPanel languageTour;
    private final ScrollPane tourScroll = new ScrollPane();
    private final StartPage startPage;
    private final PanelsFollowModel panels;
    private final AppearanceMenu appearance;
    private final TokenLinks links;
    private final BusyOverlay busy = new BusyOverlay();
    /** Covers the views while the model has no tokens, so no picture of an earlier model or prompt stays. */
    private final Label noTokens = new Label("No tokens yet: type a prompt above and press Run prompt.");
    private final SplitPane split = new SplitPane();
    private boolean byteLevelShown;
    private ExplorerSnapshot shown = ExplorerSnapshot.EMPTY;
    private Ablations shownAblations = Ablations.NONE;
    private long shownErrorId;
    private AnimationTimer timer;
    private Runnable onFirstFrame;

    public ExplorerWindow(ExplorerViewModel vm, RecentModels recent) {
        this.vm = vm;
        transport = new TransportBar(vm, dialogs::error);
        status = new StatusBar(vm::cancelLoad);
        sessions = new SessionActions(vm, recent, dialogs, () -> shown, transport::promptText, this::chosenBackend,
                this::currentTab, this::selectTab);
        menu = new MainMenu(vm, recent, sessions, this::exportTab, this::showStartPage, () -> { if (dialogs.stage() != null) dialogs.stage().close(); });
        links = new TokenLinks(vm::jump, transport::selectSlot, transport.strip());
        views = new Views((l, h) -> {
            transport.selectLayerAndHead(l, h * (shown.model() == null ? 1 : shown.model().config().groups()));
            selectView(ViewKind.OCCUPANCY);
        }, () -> vm.setCompare(true), v -> {
            exports.addMenus(v);
            links.attach(v);
        }, vm::setScoringRule);
        ablations = new AblationPanel(vm::setAblations, dialogs::error);
        BackgroundTasks panelTasks = vm.tasks().deliveringOn(FxRuntime::onFxThread);
        Navigation navigation = new Navigation(vm, panelTasks.delivery(), this::selectView);
        recallVm = new RecallViewModel(vm::loadedModel, vm::tokenText, navigation, panelTasks, System.nanoTime());
        TourViewModel tourVm = new TourViewModel(vm::loadedModel, vm::tokenText, navigation, panelTasks, TourViewModel.DEFAULT_SEQUENCES,
                vm::checkpointOf, TourCache.userDefault());
        LanguageTourViewModel languageVm = new LanguageTourViewModel(vm::loadedModel, vm::byteLevel, navigation, panelTasks);
        tour = new TourPanel(tourVm);
        languageTour = new LanguageTourPanel(languageVm);
        startPage = new StartPage(new ModelPickerViewModel(ModelCatalog.findSamples(Path.of(""), System.getProperty("gsa.root")), recent,
                ModelCatalog.hubCache(System.getenv(), Path.of(System.getProperty("user.home"))), panelTasks, sessions::open),
                sessions::chooseModelFolder);
        root.setTop(new VBox(menu, transport));
        // views and side panel share the width through a divider the user can drag
        noTokens.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        noTokens.setStyle("-fx-background-color: white; -fx-alignment: center; -fx-font-size: 13px; -fx-text-fill: #606068;");
        noTokens.setVisible(false);
        StackPane viewsArea = new StackPane(center(), noTokens, busy);
        StackPane.setMargin(noTokens, new Insets(30, 0, 0, 0));
        split.getItems().addAll(viewsArea, sidePanels());
        split.setDividerPositions(0.74);
        SplitPane.setResizableWithParent(split.getItems().get(1), false);
        root.setCenter(split);
        root.setBottom(status);
        root.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) e.acceptTransferModes(TransferMode.LINK);
            e.consume();
        });
        root.setOnDragDropped(e -> {
            List<File> files = e.getDragboard().getFiles();
            if (!files.isEmpty()) sessions.open(files.getFirst().isDirectory() ? files.getFirst().toPath() : files.getFirst().toPath().getParent());
            e.setDropCompleted(true);
        });
        appearance = new AppearanceMenu(root, recent.sibling("display.properties"), () -> {
            render(vm.snapshot());
            root.requestLayout();
        });
        menu.addToView(appearance.items());
        panels = new PanelsFollowModel(vm, recallVm, tourVm, languageVm);
    }

    public BorderPane root() {
        return root;
    }

    public Scene scene(double w, double h) {
        Scene scene = new Scene(root, w, h);
        KeyBindings.install(scene, vm, transport);
        return scene;
    }

    /** The smallest window every control still fits in (the toolbar wraps down to this width). */
    static final double MIN_WIDTH = 900, MIN_HEIGHT = 600;

    public void attach(Stage s) {
        dialogs.attach(s);
        s.setMinWidth(MIN_WIDTH);
        s.setMinHeight(MIN_HEIGHT);
    }

    /** Save dialogs (exports, sessions) take their answer from {@code answers}: name suggested to path, null to cancel. */
    public void answerSaveDialogsWith(Function<String, Path> answers) {
        dialogs.answerSavesWith(answers);
    }

    /** Starts the single render loop: each pulse renders the newest snapshot if it changed. */
    public void start() {
        timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                ExplorerSnapshot s = vm.snapshot();
                if (s.version() != shown.version()) render(s);
                busy.update(vm.busy(), now);
            }
        };
        timer.start();
    }

    /** Stops rendering and the tours' measurements (the window is closing). */
    public void stop() {
        if (timer != null) timer.stop();
        tour.viewModel().cancel();
        languageTour.viewModel().cancel();
        startPage.close();
    }

    /** Shows the start page, which lists the models to open (File > Start page). */
    public void showStartPage() {
        startPage.show(dialogs.stage());
    }

    StartPage startPage() {
        return startPage;
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

    /** The look chosen in the View menu (theme and font size). */
    public DisplayPreferences displayPreferences() {
        return appearance.preferences();
    }

    /** Sets the look as the View menu does (and remembers it). */
    public void setDisplayPreferences(DisplayPreferences p) {
        appearance.set(p);
    }

    /** The divider between the views and the side panel. */
    SplitPane split() {
        return split;
    }

    /** "computing…" over the views. */
    BusyOverlay busyOverlay() {
        return busy;
    }

    TransportBar transport() {
        return transport;
    }

    /** The note that covers the views while there are no tokens. */
    Label noTokensNote() {
        return noTokens;
    }

    TokenLinks links() {
        return links;
    }

    MainMenu menu() {
        return menu;
    }

    public AblationPanel ablationPanel() {
        return ablations;
    }

    /**
     * Runs {@code r} once on the FX thread when a view has first drawn a model's numbers and that frame has gone to
     * the screen (the start-up benchmark's signal).
     */
    public void onFirstPopulatedFrame(Runnable r) {
        onFirstFrame = r;
        // a model that loaded before the window was made has had its numbers drawn already, while it was being made
        if (shown != null && shown.model() != null && shown.computed() > 0 && currentView() != null) populatedFrameDrawn();
    }

    /** Drawing done in a pulse is rendered at its end; the second post-layout callback after it is past that frame. */
    private void populatedFrameDrawn() {
        Runnable r = onFirstFrame;
        if (r == null || root.getScene() == null) return;
        onFirstFrame = null;
        Scene scene = root.getScene();
        int[] pulses = {0};
        Runnable[] listener = new Runnable[1];
        listener[0] = () -> {
            if (++pulses[0] < 2) return;
            scene.removePostLayoutPulseListener(listener[0]);
            r.run();
        };
        scene.addPostLayoutPulseListener(listener[0]);
        javafx.application.Platform.requestNextPulse();
    }

    /** Adds a panel (throughput) as a tab; {@code content} is made when the tab is first shown. */
    public void addTab(String name, Supplier<Node> content) {
        Tab t = lazyTab(name, content, null);
        tabByName.put(name.toLowerCase(), t);
        tabs.getTabs().add(t);
    }

    /** The recall panel, made when first asked for (FX thread). */
    public RecallPanel recallPanel() {
        if (recall == null) recall = new RecallPanel(recallVm, () -> vm.snapshot().main().ablations());
        return recall;
    }

    /** The recall tour's panel (the tour tab holds it while the model is not byte-level). */
    public TourPanel tourPanel() {
        return tour;
    }

    /** The tour the tour tab holds now: the language tour for a byte-level model, the recall tour otherwise. */
    public Tour activeTour() {
        return byteLevelShown ? languageTour.viewModel() : tour.viewModel();
    }

    /** The language tour's panel (the tour tab holds it while the model is byte-level). */
    public LanguageTourPanel languageTourPanel() {
        return languageTour;
    }

    /** Opens a checkpoint folder as File › Open does. */
    CompletableFuture<Void> openModel(Path dir) {
        return sessions.open(dir);
    }

    /** The status bar's text. */
    String statusText() {
        return status.text();
    }

    /** The prompt box's text, as the user sees it. */
    String promptBoxText() {
        return transport.promptText();
    }

    /** The tokens the token strip shows, as it tells screen readers. */
    String tokenStripText() {
        return transport.stripText();
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

    /** Shows a side panel by its tab title (Ablations, Recall, Tour). */
    public void selectSidePanel(String title) {
        side.getTabs().stream().filter(t -> t.getText().equals(title)).findFirst().ifPresent(t -> side.getSelectionModel().select(t));
    }

    /** Restores a session file: model, tokens, ablations, comparison, selection, cursor and view. */
    public CompletableFuture<Void> openSession(Path file) {
        return sessions.openSession(file);
    }

    // ---- layout ----

    /**
     * A tab whose content is made and attached when it is first selected: nodes outside the scene are neither styled
     * nor laid out, which was most of the window's start-up work while every tab held its content from the start.
     */
    private static Tab lazyTab(String title, Supplier<Node> content, Consumer<Tab> onSelectionChanged) {
        Tab t = new Tab(title);
        Runnable fill = () -> {
            if (t.isSelected() && t.getContent() == null) t.setContent(content.get());
        };
        t.setOnSelectionChanged(e -> {
            fill.run();
            if (onSelectionChanged != null) onSelectionChanged.accept(t);
        });
        // the first tab added is selected before any change event; it is filled when its pane adds it
        t.tabPaneProperty().addListener((o, a, b) -> fill.run());
        return t;
    }

    private Node center() {
        for (ViewKind k : ViewKind.values()) {
            Tab t = lazyTab(k.title(), () -> views.get(k).node(), null);
            tabByName.put(k.id, t);
            tabs.getTabs().add(t);
        }
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> render(vm.snapshot()));
        return tabs;
    }

    private Node sidePanels() {
        tourScroll.setContent(tour);
        tourScroll.setFitToWidth(true);
        side.getTabs().addAll(lazyTab("Ablations", () -> scrolled(ablations, false), null),
                lazyTab("Recall", () -> scrolled(recallPanel(), true), null),
                lazyTab("Tour", () -> tourScroll, t -> panels.tourShown(t.isSelected())));
        side.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        side.setMinWidth(220);
        return side;
    }

    private static ScrollPane scrolled(Node panel, boolean fitHeight) {
        ScrollPane sp = new ScrollPane(panel);
        sp.setFitToWidth(true);
        sp.setFitToHeight(fitHeight);
        return sp;
    }

    private String chosenBackend() {
        return menu.chosenBackend(shown);
    }

    private void exportTab(ExportFormat f) {
        ViewKind view = currentView();
        exports.exportTab(view == null ? null : views.get(view), currentTab(), tabs.getSelectionModel().getSelectedItem().getContent(), f);
    }

    // ---- rendering ----

    /** The title names the model on screen; the tour tab holds the tour for it (language for a byte-level model). */
    private void followModel(ExplorerSnapshot s) {
        if (s.model() == null) return;
        String title = "GSA Explorer — " + s.model().name();
        if (dialogs.stage() != null && !title.equals(dialogs.stage().getTitle())) dialogs.stage().setTitle(title);
        if (s.model().byteLevel() != byteLevelShown) {
            byteLevelShown = s.model().byteLevel();
            tourScroll.setContent(byteLevelShown ? languageTour : tour);
        }
    }

    /** Draws snapshot {@code s}: status, controls, token strip and the visible view. FX thread only. */
    public void render(ExplorerSnapshot s) {
        shown = s;
        if (s.errorId() != shownErrorId) {
            shownErrorId = s.errorId();
            if (s.error() != null) dialogs.error(s.error());
        }
        status.show(s);
        transport.show(s);
        followModel(s);
        menu.show(s);
        if (!s.main().ablations().describe().equals(shownAblations.describe())) ablations.show(s.main().ablations());
        shownAblations = s.main().ablations();
        ViewKind view = currentView();
        noTokens.setVisible(view != null && s.model() != null && s.computed() == 0);
        if (s.model() != null && s.computed() > 0 && view != null) {
            views.get(view).show(s);
            links.drawn(s);
            populatedFrameDrawn();
        }
    }
}
