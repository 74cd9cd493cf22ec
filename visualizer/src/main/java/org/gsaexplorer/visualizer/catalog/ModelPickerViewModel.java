package org.gsaexplorer.visualizer.catalog;

import org.gsaexplorer.visualizer.tasks.BackgroundTasks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The start page's logic, free of JavaFX: the models one can open, with one line each (the bundled samples, the
 * recently opened folders, the GSA snapshots in the Hugging Face cache), listed in the background since the cache may
 * be large. Picking one hands its folder to the explorer's ordinary loading path, with its progress and cancel.
 */
public final class ModelPickerViewModel {
    public enum Source { SAMPLE, RECENT, HUGGING_FACE }

    /** One model on the page: where it comes from, its name, its line and its checkpoint folder. */
    public record Entry(Source source, String title, String line, Path dir) {
    }

    /**
     * @param entries the models found, samples first
     * @param listing the folders are being read
     * @param hub     the Hugging Face cache folder looked in
     */
    public record State(List<Entry> entries, boolean listing, Path hub) {
    }

    private final Path samples, hub;
    private final RecentModels recent;
    private final BackgroundTasks tasks;
    private final Consumer<Path> open;
    private final List<Consumer<State>> listeners = new CopyOnWriteArrayList<>();
    private volatile State state;

    /**
     * @param samples the bundled samples folder (null when not found)
     * @param hub     the Hugging Face hub cache folder
     * @param open    loads a checkpoint folder in the explorer
     */
    public ModelPickerViewModel(Path samples, RecentModels recent, Path hub, BackgroundTasks tasks, Consumer<Path> open) {
        this.samples = samples;
        this.recent = recent;
        this.hub = hub;
        this.tasks = tasks;
        this.open = open;
        this.state = new State(List.of(), false, hub);
    }

    public State state() {
        return state;
    }

    /** Listeners are told on the tasks' delivery executor. */
    public void addListener(Consumer<State> l) {
        listeners.add(l);
    }

    /** Lists the models again in the background; the future has the new list. */
    public CompletableFuture<State> refresh() {
        publish(new State(state.entries(), true, hub));
        return tasks.submit(p -> list(samples, recent, hub), u -> { }, (entries, err) ->
                publish(new State(err == null ? entries : state.entries(), false, hub))).result().thenApply(e -> state);
    }

    private void publish(State s) {
        state = s;
        tasks.delivery().execute(() -> listeners.forEach(l -> l.accept(s)));
    }

    /** Opens {@code e} in the explorer. */
    public void pick(Entry e) {
        open.accept(e.dir());
    }

    /**
     * Samples, then recent folders that still hold a checkpoint, then cached GSA snapshots; a folder already listed
     * is not listed again.
     */
    public static List<Entry> list(Path samples, RecentModels recent, Path hub) {
        List<Entry> out = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        Function<Path, Boolean> first = d -> seen.add(d.toAbsolutePath().normalize());
        for (ModelCatalog.Sample s : ModelCatalog.samples(samples))
            if (first.apply(s.dir())) out.add(new Entry(Source.SAMPLE, s.name(), s.line(), s.dir()));
        for (Path d : recent.list())
            if (Files.isRegularFile(d.resolve("config.json")) && first.apply(d))
                out.add(new Entry(Source.RECENT, ModelCatalog.displayName(d), "opened recently: " + d + " · " + ModelCatalog.shape(d), d));
        for (ModelCatalog.CachedModel m : ModelCatalog.huggingFaceModels(hub))
            if (first.apply(m.dir()))
                out.add(new Entry(Source.HUGGING_FACE, m.repo(), "Hugging Face cache, snapshot " + m.snapshot() + " · " + ModelCatalog.shape(m.dir()), m.dir()));
        return List.copyOf(out);
    }
}
