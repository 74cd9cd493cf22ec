package org.gsaexplorer.visualizer.session;

import org.gsaexplorer.model.Backend;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.backend.Backends;
import org.gsaexplorer.model.tokenizer.ByteTokenizer;
import org.gsaexplorer.model.tokenizer.GsaTokenizer;
import org.gsaexplorer.model.weights.Checkpoint;
import org.gsaexplorer.visualizer.catalog.ModelCatalog;
import org.gsaexplorer.visualizer.tasks.BackgroundTasks;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The explorer's model and its runs: the checkpoint, backend, loaded model and tokenizer, the main run (with the
 * chosen ablations) and the baseline run when comparing. A checkpoint loads as a background task (progress, cancel)
 * while the previous model keeps serving; it replaces that model on the engine lane. A backend that cannot start here,
 * or a GPU backend failing while computing, gives way to the CPU fallback ({@link Backends#cpuFallback}) with a notice,
 * and the runs are rebuilt there. Everything but the load itself happens on the engine lane.
 */
final class ModelHost {
    /** Backends that run on the CPU: a failure there is not a device fault, so there is nothing to fall back from. */
    private static final Set<String> CPU_BACKENDS = Set.of("vector", "nd4j", "reference");

    /** What the host tells the explorer state, on the engine lane. */
    interface Events {
        /** Something shown changed: publish a snapshot. */
        void changed();

        /** A command failed: publish its one-line message. */
        void failed(Throwable e);

        /** The work went on after a fault (a backend switch): publish the line that says so. */
        void notice(String message);
    }

    private final ExplorerViewModel.Options options;
    private final Function<String, Backend> backends;
    private final Executor engine;
    private final BackgroundTasks loads;
    private final Events events;
    private volatile SharedModel shared;

    // engine-lane state
    private Backend backend;
    private Checkpoint checkpoint;
    private LoadedModel model;
    private GsaTokenizer tokenizer;
    private TokenNames tokenNames;
    private ModelInfo info;
    private Track main, baseline;
    private LoadProgress loading;
    private Load load;

    ModelHost(ExplorerViewModel.Options options, Function<String, Backend> backends, BackgroundTasks tasks, Executor engine, Events events) {
        this.options = options;
        this.backends = backends;
        this.engine = engine;
        this.loads = tasks.deliveringOn(engine);
        this.events = events;
    }

    ModelInfo info() {
        return info;
    }

    Track main() {
        return main;
    }

    /** The run without ablations when comparing, else null. */
    Track baseline() {
        return baseline;
    }

    LoadProgress loading() {
        return loading;
    }

    int[] encode(String text) {
        return encode(tokenizer, text);
    }

    private static int[] encode(GsaTokenizer tok, String text) {
        return text.isBlank() ? new int[0] : tok.encode(text);
    }

    /** Why {@code text} does not tokenize with {@code tok} (one line), or null when it does. */
    private static String untokenizable(GsaTokenizer tok, String text) {
        try {
            encode(tok, text);
            return null;
        } catch (GsaException e) {
            return e.getMessage();
        }
    }

    /** The loaded model as the side panels see it, or null (any thread). */
    LoadedModel shared() {
        return shared;
    }

    /** The checkpoint folder {@code m} was loaded from, when it is the model the panels see now (any thread). */
    Path checkpointOf(LoadedModel m) {
        SharedModel s = shared;
        return s != null && s == m ? s.checkpoint() : null;
    }

    /** Whether {@code m}, the model the panels see now, reads bytes (any thread; false for any other model). */
    boolean byteLevel(LoadedModel m) {
        SharedModel s = shared;
        return s != null && s == m && s.byteLevel();
    }

    // ---- loading ----

    /**
     * A load in progress. It is registered on the engine lane before its task starts, so its progress and end arrive
     * after it; a cancel may come before the task is handed over, which then cancels it at once.
     */
    private static final class Load {
        final Path dir;
        private volatile boolean cancelled;
        private volatile BackgroundTasks.Job<Loaded> job;

        Load(Path dir) {
            this.dir = dir;
        }

        void started(BackgroundTasks.Job<Loaded> j) {
            job = j;
            if (cancelled) j.cancel();
        }

        void cancel() {
            cancelled = true;
            BackgroundTasks.Job<Loaded> j = job;
            if (j != null) j.cancel();
        }
    }

    /**
     * What a load builds, handed to the engine lane to install; {@code prompt} is the text it ran, {@code notice} says
     * why it fell back, or is null.
     */
    private record Loaded(Checkpoint checkpoint, Backend backend, LoadedModel model, GsaTokenizer tokenizer, Track track,
                          String prompt, int cursor, String starter, String notice) {
        void close() {
            closeAll(track, model, backend, checkpoint, tokenizer);
        }
    }

    /** The model prepared on one backend with the prompt run. */
    private record OnBackend(Backend backend, LoadedModel model, Track track) {
    }

    /**
     * What the engine lane learns once a load is installed: the prompt it ran, where the cursor goes, the text of the
     * model's {@link StarterPrompt}, and a notice (a fallback, a prompt not kept) or null.
     */
    record Installed(String prompt, int cursor, String starter, String notice) {
    }

    /**
     * The prompt a load should run: {@code text} with the cursor at {@code cursor} (−1: the end). A prompt the user
     * typed for another model ({@code carried}) gives way to the new model's starter when it does not tokenize there.
     */
    record Prompt(String text, int cursor, boolean carried) {
    }

    /**
     * Loads {@code dir} on {@code backendName} and runs {@code start} on it (null: the model's {@link StarterPrompt});
     * the loading runs in the background, so the engine keeps serving the
     * current model and {@link #cancelLoad} takes effect at once. Once ready, the new model replaces the old one on the
     * engine lane and {@code installed} runs there. The future fails with "loading cancelled" when a cancel or a newer
     * load came first.
     */
    CompletableFuture<Void> open(Path dir, String backendName, Prompt start, Consumer<Installed> installed) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Load l = new Load(dir);
        engine.execute(() -> {
            if (load != null) load.cancel();
            load = l;
            progress(dir, "reading " + ModelCatalog.displayName(dir), 0.02);
        });
        l.started(loads.submit(p -> build(p, dir, backendName, start),
                u -> {
                    if (load == l) progress(dir, u.message(), u.fraction());
                },
                (built, e) -> finish(l, built, e, installed, done)));
        return done;
    }

    private void progress(Path dir, String phase, double fraction) {
        loading = new LoadProgress(dir, phase, fraction);
        events.changed();
    }

    /** The end of a load, on the engine lane: installs what it built unless it was cancelled. */
    private void finish(Load l, Loaded built, Throwable error, Consumer<Installed> installed, CompletableFuture<Void> done) {
        if (load == l) {
            load = null;
            loading = null;
        }
        if (l.cancelled) {
            if (built != null) built.close();
            events.changed();
            done.completeExceptionally(new GsaException("loading cancelled"));
            return;
        }
        if (error != null) {
            events.failed(error);
            done.completeExceptionally(error);
            return;
        }
        try {
            install(built, l.dir);
            installed.accept(new Installed(built.prompt(), built.cursor(), built.starter(), built.notice()));
            done.complete(null);
        } catch (RuntimeException e) {
            events.failed(e);
            done.completeExceptionally(e);
        }
    }

    /**
     * Stops a load in progress now: the previous model stays and the views return to it at once. The abandoned load
     * stops at its next phase (a phase in native code cannot be interrupted) and frees what it built.
     */
    void cancelLoad() {
        if (load == null) return;
        load.cancel();
        load = null;
        loading = null;
        events.changed();
    }

    private Loaded build(BackgroundTasks.Progress p, Path dir, String backendName, Prompt prompt) {
        Checkpoint ck = null;
        GsaTokenizer tok = null;
        try {
            ck = Checkpoint.open(dir);
            tok = GsaTokenizer.forCheckpoint(dir, ck.config().vocabSize());
            String notice = null;
            Prompt chosen = prompt;
            String why = chosen != null && chosen.carried() ? untokenizable(tok, chosen.text()) : null;
            if (why != null) {
                notice = "the prompt was not kept: " + why + " with " + ModelCatalog.displayName(dir);
                chosen = null;
            }
            StarterPrompt start = chosen != null ? new StarterPrompt(chosen.text(), chosen.cursor()) : StarterPrompt.of(tok);
            int[] ids = encode(tok, start.text());
            Backend be;
            try {
                be = backends.apply(backendName);
            } catch (GsaException unusable) {
                // known but unable to start here (no driver, a build for hardware this machine lacks)
                if (backendName.equals(Backends.cpuFallback()) || p.cancelled()) throw unusable;
                notice = joined(notice, fallbackNotice(unusable, backendName));
                be = backends.apply(Backends.cpuFallback());
            }
            OnBackend run;
            try {
                run = prepare(p, be, ck, tok, ids);
            } catch (GsaException fault) {
                // the device failed on the weights or the prompt
                if (CPU_BACKENDS.contains(be.name()) || p.cancelled()) throw fault;
                notice = joined(notice, fallbackNotice(fault, be.name()));
                run = prepare(p, backends.apply(Backends.cpuFallback()), ck, tok, ids);
            }
            phase(p, "ready", 1.0);
            return new Loaded(ck, run.backend(), run.model(), tok, run.track(), start.text(), start.cursor(), StarterPrompt.of(tok).text(), notice);
        } catch (RuntimeException | OutOfMemoryError e) {
            closeAll(ck, tok);
            throw e;
        }
    }

    /** Loads the weights on {@code be} and runs the prompt; frees what it built if anything fails. */
    private OnBackend prepare(BackgroundTasks.Progress p, Backend be, Checkpoint ck, GsaTokenizer tok, int[] ids) {
        LoadedModel lm = null;
        Track m = null;
        try {
            phase(p, "preparing weights on " + be.name(), 0.3);
            lm = be.load(ck);
            phase(p, "running the prompt (" + ids.length + " tokens)", 0.8);
            m = newTrack(lm, tok);
            m.reset(ids, ids.length);
            return new OnBackend(be, lm, m);
        } catch (RuntimeException | OutOfMemoryError e) {
            closeAll(m, lm, be);
            throw e;
        }
    }

    /** Reports a phase of a load; a cancelled load stops here. */
    private static void phase(BackgroundTasks.Progress p, String phase, double fraction) {
        p.check();
        p.report(fraction, phase);
    }

    private void install(Loaded l, Path dir) {
        closeAll(baseline, main);
        if (tokenNames != null) tokenNames.retire();
        retireModel(model, backend, checkpoint, tokenizer);
        baseline = null;
        checkpoint = l.checkpoint();
        backend = l.backend();
        model = l.model();
        tokenizer = l.tokenizer();
        boolean byteLevel = tokenizer instanceof ByteTokenizer;
        shared = new SharedModel(model, dir, byteLevel);
        tokenNames = new TokenNames(tokenizer);
        main = l.track();
        info = new ModelInfo(dir, checkpoint.config(), backend.name(), backend.device(), tokenizer.isText(), tokenNames, byteLevel);
    }

    // ---- runs ----

    private Track newTrack(LoadedModel lm, GsaTokenizer tok) {
        return new Track(lm, tok, options.probeBudgetBytes(), options.maxStates());
    }

    /** Side-by-side mode: a baseline run on the main run's tokens up to {@code at}, or none. */
    void compare(boolean on, int at) {
        if (on && baseline == null) {
            baseline = newTrack(model, tokenizer);
            baseline.reset(main.ids(), at);
        } else if (!on && baseline != null) {
            baseline.close();
            baseline = null;
        }
    }

    /**
     * Runs {@code work} (model computation only, no input checks); if it fails on a GPU backend, reloads the model on
     * the CPU fallback ({@link Backends#cpuFallback}) with the tokens {@code consistent} names (what every run held before the work began),
     * reports the switch and runs {@code work} again there. A failure on a CPU backend, or again after the switch,
     * propagates.
     */
    void onDevice(Supplier<int[]> consistent, int cursor, Runnable work) {
        try {
            work.run();
        } catch (GsaException fault) {
            if (CPU_BACKENDS.contains(backend.name())) throw fault;
            String from = backend.name();
            switchTo(Backends.cpuFallback(), consistent.get(), cursor);
            events.notice(fallbackNotice(fault, from));
            work.run();
        }
    }

    private static String joined(String notice, String more) {
        return notice == null ? more : notice + "; " + more;
    }

    private static String fallbackNotice(GsaException fault, String from) {
        return fault.getMessage() + " (" + from + " failed; continuing on " + Backends.cpuFallback() + ")";
    }

    /**
     * Replaces the backend and loaded model under the open checkpoint and recomputes {@code ids} on it with the same
     * ablations and comparison, up to the cursor. The old runs are closed only once the new ones exist, so a failing
     * switch leaves the session as it was.
     */
    private void switchTo(String backendName, int[] ids, int cursor) {
        Backend be = null;
        LoadedModel lm = null;
        Track m = null, b = null;
        int at = Math.min(cursor, ids.length);
        Ablations ablations = main.ablations();
        try {
            be = backends.apply(backendName);
            lm = be.load(checkpoint);
            m = newTrack(lm, tokenizer);
            m.setAblations(ablations, at);
            m.reset(ids, at);
            if (baseline != null) {
                b = newTrack(lm, tokenizer);
                b.reset(ids, at);
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            closeAll(b, m, lm, be);
            throw e;
        }
        closeAll(baseline, main);
        retireModel(model, backend);
        backend = be;
        model = lm;
        shared = new SharedModel(lm, info.dir(), info.byteLevel());
        main = m;
        baseline = b;
        info = new ModelInfo(info.dir(), info.config(), be.name(), be.device(), info.textTokenizer(), info.tokenText(), info.byteLevel());
    }

    // ---- closing ----

    /** Closes the runs and lets the model go; a load still running is cancelled and frees what it built. */
    void close() {
        closeAll(baseline, main);
        if (tokenNames != null) tokenNames.retire();
        retireModel(model, backend, checkpoint, tokenizer);
        main = baseline = null;
        shared = null;
        if (load != null) load.cancel();
    }

    /** Lets the panels' view of the current model go; {@code resources} are closed once no panel session uses them. */
    private void retireModel(AutoCloseable... resources) {
        SharedModel s = shared;
        if (s == null) closeAll(resources);
        else s.retire(() -> closeAll(resources));
    }

    private static void closeAll(AutoCloseable... xs) {
        for (AutoCloseable x : xs) {
            if (x == null) continue;
            try {
                x.close();
            } catch (Exception ignored) {
                // closing frees memory; a failure here changes nothing the user can act on
            }
        }
    }
}
