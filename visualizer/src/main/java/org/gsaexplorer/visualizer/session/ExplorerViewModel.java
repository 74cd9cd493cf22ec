package org.gsaexplorer.visualizer.session;

import org.gsaexplorer.model.Backend;
import org.gsaexplorer.model.GsaException;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.RecurrentState;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.backend.Backends;
import org.gsaexplorer.model.tokenizer.GsaTokenizer;
import org.gsaexplorer.model.weights.Checkpoint;
import org.gsaexplorer.visualizer.tasks.BackgroundTasks;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The explorer's state without any controls: model, prompt, tokens, cursor, ablations, sampling, comparison run. Every
 * command runs on one engine thread, in order; after each the view model publishes an immutable
 * {@link ExplorerSnapshot} that any thread may read. Commands return futures that complete when the command is done
 * (tests wait on them; the UI ignores them and renders snapshots). A failing command publishes its one-line message.
 * When a GPU backend fails while computing (allocation, kernel compile or launch), the view model reports the fault,
 * reloads the model on {@value #FALLBACK_BACKEND} with the same tokens, ablations and cursor, and finishes the command.
 */
public final class ExplorerViewModel implements AutoCloseable {

    /** Memory limits for the history kept to go back in time. */
    public record Options(long probeBudgetBytes, int maxStates) {
        public static Options defaults() {
            long budget = Math.min(Runtime.getRuntime().maxMemory() / 4, 1L << 30);
            return new Options(budget, 32);
        }
    }

    /** Where a failing GPU backend continues. */
    public static final String FALLBACK_BACKEND = "nd4j";
    /** Backends that run on the CPU: a failure there is not a device fault, so there is nothing to fall back from. */
    private static final Set<String> CPU_BACKENDS = Set.of("nd4j", "reference");

    private final Options options;
    private final Function<String, Backend> backends;
    private final ScheduledExecutorService engine;
    private final AtomicReference<ExplorerSnapshot> published = new AtomicReference<>(ExplorerSnapshot.EMPTY);
    private final List<Consumer<ExplorerSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong moveSeq = new AtomicLong();
    // a cached pool: a new load need not wait for an abandoned one to reach its next phase
    private final java.util.concurrent.ExecutorService loader = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "gsa-loader");
        t.setDaemon(true);
        return t;
    });
    private volatile SharedModel loadedModel;
    private final BackgroundTasks tasks = BackgroundTasks.threads(Runnable::run);

    // engine-thread state
    private Backend backend;
    private Checkpoint checkpoint;
    private LoadedModel model;
    private GsaTokenizer tokenizer;
    private ModelInfo info;
    private Track main, baseline;
    private String prompt = "";
    private int cursor;
    private Selection selection = Selection.DEFAULT;
    private Sampler sampler = Sampler.GREEDY;
    private Random random = new Random(0);
    private ScheduledFuture<?> runTask;
    private double secondsPerToken;
    private LoadProgress loading;
    private LoadJob loadJob;
    private String error;
    private long errorId, version;
    private RecurrentState state;

    public ExplorerViewModel(Options options) {
        this(options, Backends::create);
    }

    /** {@code backends} makes a backend from its name (tests pass failing ones to exercise the fallback). */
    ExplorerViewModel(Options options, Function<String, Backend> backends) {
        this.options = options;
        this.backends = backends;
        this.engine = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gsa-engine");
            t.setDaemon(true);
            return t;
        });
    }

    public ExplorerViewModel() {
        this(Options.defaults());
    }

    /** Where the explorer's panels run their background work (deliver on the UI thread through {@link BackgroundTasks#deliveringOn}). */
    public BackgroundTasks tasks() {
        return tasks;
    }

    public ExplorerSnapshot snapshot() {
        return published.get();
    }

    /** Called on the engine thread after each publish; keep it cheap (the UI only marks itself dirty). */
    public void addListener(Consumer<ExplorerSnapshot> l) {
        listeners.add(l);
    }

    /** Completes when every command submitted so far has run. */
    public CompletableFuture<Void> idle() {
        return submit(() -> { });
    }

    // ---- model ----

    /**
     * Loads a checkpoint folder on {@code backendName} and runs {@code promptText} on it, putting the cursor at {@code at}
     * (−1: end). The loading runs on its own thread, so the engine keeps serving the current model meanwhile and
     * {@link #cancelLoad} takes effect at once; the new model replaces the old one on the engine thread when ready.
     */
    public CompletableFuture<Void> open(Path dir, String backendName, String promptText, int at) {
        LoadJob job = new LoadJob(dir);
        CompletableFuture<Void> done = new CompletableFuture<>();
        engine.execute(() -> {
            if (loadJob != null) loadJob.cancelled = true;
            loadJob = job;
            progressNow(job, "reading " + dir.getFileName(), 0.02);
        });
        loader.execute(() -> {
            Loaded l;
            try {
                l = build(job, dir, backendName, promptText);
            } catch (RuntimeException | OutOfMemoryError e) {
                engine.execute(() -> {
                    boolean current = loadJob == job;
                    if (current) {
                        loadJob = null;
                        loading = null;
                    }
                    if (job.cancelled) publish();
                    else fail(e);
                    done.completeExceptionally(e);
                });
                return;
            }
            Runnable installNow = () -> {
                if (job.cancelled) {
                    l.close();
                    done.completeExceptionally(new GsaException("loading cancelled"));
                    return;
                }
                try {
                    install(l, dir, promptText, at);
                    done.complete(null);
                } catch (RuntimeException e) {
                    fail(e);
                    done.completeExceptionally(e);
                } finally {
                    loadJob = null;
                }
            };
            try {
                engine.execute(installNow);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                l.close();
            }
        });
        return done;
    }

    /**
     * Stops a load in progress now: the previous model stays and the views return to it at once. The abandoned load's
     * thread stops at its next phase (a phase in native code cannot be interrupted) and frees what it built.
     */
    public void cancelLoad() {
        engine.execute(() -> {
            if (loadJob == null) return;
            loadJob.cancelled = true;
            loadJob = null;
            loading = null;
            publish();
        });
    }

    /** A load in progress; {@code cancelled} is read by the loading thread between phases. */
    private static final class LoadJob {
        final Path dir;
        volatile boolean cancelled;

        LoadJob(Path dir) {
            this.dir = dir;
        }
    }

    /** What a load builds, handed to the engine thread to install; {@code notice} says why it fell back, or is null. */
    private record Loaded(Checkpoint checkpoint, Backend backend, LoadedModel model, GsaTokenizer tokenizer, Track track,
                          String notice) {
        void close() {
            closeAll(track, model, backend, checkpoint, tokenizer);
        }
    }

    /** The model prepared on one backend with the prompt run. */
    private record OnBackend(Backend backend, LoadedModel model, Track track) {
    }

    private Loaded build(LoadJob job, Path dir, String backendName, String promptText) {
        Checkpoint ck = null;
        GsaTokenizer tok = null;
        try {
            ck = Checkpoint.open(dir);
            tok = GsaTokenizer.forCheckpoint(dir, ck.config().vocabSize());
            int[] ids = promptText.isBlank() ? new int[0] : tok.encode(promptText);
            // a backend that is unknown or cannot start here is an error, not a fallback
            Backend be = backends.apply(backendName);
            String notice = null;
            OnBackend run;
            try {
                run = prepare(job, be, ck, tok, ids);
            } catch (GsaException fault) {
                // the device failed on the weights or the prompt
                if (CPU_BACKENDS.contains(backendName) || job.cancelled) throw fault;
                notice = fallbackNotice(fault, backendName);
                run = prepare(job, backends.apply(FALLBACK_BACKEND), ck, tok, ids);
            }
            progress(job, "ready", 1.0);
            return new Loaded(ck, run.backend(), run.model(), tok, run.track(), notice);
        } catch (RuntimeException | OutOfMemoryError e) {
            closeAll(ck, tok);
            throw e;
        }
    }

    /** Loads the weights on {@code be} and runs the prompt; frees what it built if anything fails. */
    private OnBackend prepare(LoadJob job, Backend be, Checkpoint ck, GsaTokenizer tok, int[] ids) {
        LoadedModel lm = null;
        Track m = null;
        try {
            progress(job, "preparing weights on " + be.name(), 0.3);
            lm = be.load(ck);
            progress(job, "running the prompt (" + ids.length + " tokens)", 0.8);
            m = new Track(lm, tok, options.probeBudgetBytes(), options.maxStates());
            m.reset(ids, ids.length);
            return new OnBackend(be, lm, m);
        } catch (RuntimeException | OutOfMemoryError e) {
            closeAll(m, lm, be);
            throw e;
        }
    }

    private void install(Loaded l, Path dir, String promptText, int at) {
        stopRun();
        closeAll(baseline, main);
        retireModel(model, backend, checkpoint, tokenizer);
        baseline = null;
        checkpoint = l.checkpoint();
        backend = l.backend();
        model = l.model();
        loadedModel = new SharedModel(model);
        tokenizer = l.tokenizer();
        main = l.track();
        info = new ModelInfo(dir, checkpoint.config(), backend.name(), backend.device(), tokenizer.isText(), tokenizer::token);
        if (l.notice() != null) {
            error = l.notice();
            errorId++;
        }
        prompt = promptText;
        selection = selection.clampTo(checkpoint.config().numLayers(), checkpoint.config().numHeads(), checkpoint.config().numSlots());
        loading = null;
        moveTo(at < 0 ? main.computed() : at);
    }

    /** Reports a phase from the loading thread (engine-thread state is only touched on the engine thread); stops a cancelled load. */
    private void progress(LoadJob job, String phase, double f) {
        if (job.cancelled) throw new GsaException("loading cancelled");
        engine.execute(() -> {
            if (loadJob == job) progressNow(job, phase, f);
        });
    }

    private void progressNow(LoadJob job, String phase, double f) {
        loading = new LoadProgress(job.dir, phase, f);
        publish();
    }

    /**
     * Opens a saved session: its model and prompt, then exactly its tokens (generated ones included), ablations,
     * comparison, sampling, selection and cursor.
     */
    public CompletableFuture<Void> restore(SessionFile f) {
        return open(f.model(), f.backend(), f.prompt(), -1).thenCompose(v -> submit(() -> {
            int vocab = info.config().vocabSize();
            for (int id : f.tokens())
                if (id >= vocab) throw new GsaException("session: token id " + id + " is outside the model's vocabulary of " + vocab);
            if (!f.ablations().isNone()) main.setAblations(f.ablations(), f.cursor());
            if (!java.util.Arrays.equals(main.ids(), f.tokens())) main.reset(f.tokens(), f.cursor());
            sampler = new Sampler(f.temperature(), f.topK(), System.nanoTime());
            random = new Random(sampler.seed());
            if (f.compare() && baseline == null) {
                baseline = new Track(model, tokenizer, options.probeBudgetBytes(), options.maxStates());
                baseline.reset(main.ids(), f.cursor());
            }
            Selection s = f.selection();
            selection = s.clampTo(info.config().numLayers(), info.config().numHeads(), info.config().numSlots());
            moveTo(f.cursor());
        }));
    }

    /**
     * The loaded model, for panels that run their own sessions on it (null while none). When the explorer lets it go,
     * it is freed after the last of those sessions closes; sessions asked for after that fail with one line.
     */
    public LoadedModel loadedModel() {
        return loadedModel;
    }

    /** Lets the panels' view of the current model go; {@code resources} are closed once no panel session uses them. */
    private void retireModel(AutoCloseable... resources) {
        SharedModel shared = loadedModel;
        if (shared == null) closeAll(resources);
        else shared.retire(() -> closeAll(resources));
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

    // ---- prompt and transport ----

    /** Replaces the sequence by the tokens of {@code text} and puts the cursor at its end. */
    public CompletableFuture<Void> setPrompt(String text) {
        return submit(() -> {
            needModel();
            int[] ids = text.isBlank() ? new int[0] : tokenizer.encode(text);
            prompt = text;
            timed(ids.length, () -> {
                main.reset(ids, ids.length);
                if (baseline != null) baseline.reset(ids, ids.length);
            });
            moveTo(ids.length);
        });
    }

    /** One token forward: through the recorded sequence, then by generating. */
    public CompletableFuture<Void> step() {
        return submit(this::stepNow);
    }

    private void stepNow() {
        needModel();
        if (cursor < main.computed()) moveTo(cursor + 1);
        else generateNow(1);
    }

    public CompletableFuture<Void> stepBack() {
        return submit(() -> moveTo(Math.max(Math.min(1, cursor), cursor - 1)));
    }

    /** Moves the cursor to {@code tokens} consumed (clamped to the recorded sequence). */
    public CompletableFuture<Void> jump(int tokens) {
        return submit(() -> moveTo(tokens));
    }

    /** Generates {@code n} tokens from the cursor; tokens after the cursor are dropped first. */
    public CompletableFuture<Void> generate(int n) {
        return submit(() -> generateNow(n));
    }

    public CompletableFuture<Void> setSampler(Sampler s) {
        return submit(() -> {
            sampler = s;
            random = new Random(s.seed());
            publish();
        });
    }

    private void generateNow(int n) {
        needModel();
        if (cursor == 0) throw new GsaException("generation needs at least one token of prompt");
        if (cursor < main.computed()) {
            main.truncate(cursor);
            if (baseline != null) baseline.truncate(cursor);
        }
        int[] next = new int[1];
        timed(n, () -> {
            for (int i = 0; i < n; i++) {
                next[0] = sampler.next(main.lastLogits(), random);
                int before = cursor;
                onDevice(() -> Arrays.copyOf(main.ids(), before), () -> {
                    main.extend(next, cursor + 1);
                    if (baseline != null) baseline.extend(next, cursor + 1);
                });
                cursor++;
            }
        });
        moveTo(cursor);
    }

    /** Steps forward at {@code tokensPerSecond} until paused (generating after the end of the sequence). */
    public CompletableFuture<Void> run(double tokensPerSecond) {
        if (!(tokensPerSecond > 0)) throw new IllegalArgumentException("speed must be positive");
        return submit(() -> {
            stopRun();
            long period = Math.max(1, Math.round(1e6 / tokensPerSecond));
            runTask = engine.scheduleAtFixedRate(() -> {
                try {
                    stepNow();
                } catch (RuntimeException e) {
                    stopRun();
                    fail(e);
                }
            }, period, period, TimeUnit.MICROSECONDS);
            publish();
        });
    }

    public CompletableFuture<Void> pause() {
        return submit(() -> {
            stopRun();
            publish();
        });
    }

    private void stopRun() {
        if (runTask != null) runTask.cancel(false);
        runTask = null;
    }

    // ---- ablations, comparison, selection ----

    /** Re-runs the sequence with {@code a} (no reload). */
    public CompletableFuture<Void> setAblations(Ablations a) {
        return submit(() -> {
            needModel();
            timed(main.computed(), () -> main.setAblations(a, cursor));
            moveTo(cursor);
        });
    }

    /** Side-by-side mode: also runs the sequence without ablations, for Δloss and aligned views. */
    public CompletableFuture<Void> setCompare(boolean on) {
        return submit(() -> {
            needModel();
            if (on && baseline == null) {
                baseline = new Track(model, tokenizer, options.probeBudgetBytes(), options.maxStates());
                baseline.reset(main.ids(), cursor);
            } else if (!on && baseline != null) {
                baseline.close();
                baseline = null;
            }
            moveTo(cursor);
        });
    }

    public CompletableFuture<Void> select(Selection s) {
        return submit(() -> {
            selection = info == null ? s : s.clampTo(info.config().numLayers(), info.config().numHeads(), info.config().numSlots());
            moveTo(cursor);
        });
    }

    // ---- internals ----

    private void needModel() {
        if (main == null) throw new GsaException("no model is loaded (File > Open checkpoint folder)");
    }

    /** Moves the cursor, publishes at once, then fills in what the new position needs unless another move came first. */
    private void moveTo(int tokens) {
        int n = main == null ? 0 : main.computed();
        cursor = Math.max(Math.min(n, 1), Math.min(tokens, n));
        state = main != null && cursor == main.computed() ? main.stateAt(cursor) : null;
        publish();
        if (main == null || state != null && windowHeld()) return;
        long seq = moveSeq.incrementAndGet();
        engine.execute(() -> {
            if (seq != moveSeq.get() || main == null) return;
            try {
                int t0 = Math.max(0, cursor - selection.window());
                onDevice(main::ids, () -> {
                    main.ensureProbes(t0, cursor, cursor);
                    if (baseline != null) baseline.ensureProbes(t0, cursor, cursor);
                    state = main.stateAt(cursor);
                });
                publish();
            } catch (RuntimeException e) {
                fail(e);
            }
        });
    }

    /**
     * Runs {@code work} (model computation only, no input checks); if it fails on a GPU backend, reloads the model on
     * {@value #FALLBACK_BACKEND} with the tokens {@code consistent} names (what every run held before the work began)
     * and runs {@code work} again there. A failure on a CPU backend, or again after the switch, propagates.
     */
    private void onDevice(Supplier<int[]> consistent, Runnable work) {
        try {
            work.run();
        } catch (GsaException fault) {
            if (CPU_BACKENDS.contains(backend.name())) throw fault;
            String from = backend.name();
            switchTo(FALLBACK_BACKEND, consistent.get());
            error = fallbackNotice(fault, from);
            errorId++;
            publish();
            work.run();
        }
    }

    private static String fallbackNotice(GsaException fault, String from) {
        return fault.getMessage() + " (" + from + " failed; continuing on " + FALLBACK_BACKEND + ")";
    }

    /**
     * Replaces the backend and loaded model under the open checkpoint and recomputes {@code ids} on it with the same
     * ablations and comparison; the cursor stays (clamped to {@code ids}). The old runs are closed only once the new
     * ones exist, so a failing switch leaves the session as it was.
     */
    private void switchTo(String backendName, int[] ids) {
        Backend be = null;
        LoadedModel lm = null;
        Track m = null, b = null;
        int at = Math.min(cursor, ids.length);
        try {
            be = backends.apply(backendName);
            lm = be.load(checkpoint);
            m = new Track(lm, tokenizer, options.probeBudgetBytes(), options.maxStates());
            m.setAblations(main.ablations(), at);
            m.reset(ids, at);
            if (baseline != null) {
                b = new Track(lm, tokenizer, options.probeBudgetBytes(), options.maxStates());
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
        loadedModel = new SharedModel(lm);
        main = m;
        baseline = b;
        cursor = at;
        info = new ModelInfo(info.dir(), info.config(), be.name(), be.device(), info.textTokenizer(), info.tokenText());
    }

    private boolean windowHeld() {
        int t0 = Math.max(0, cursor - selection.window());
        return main.view().probes().hasAll(t0, cursor);
    }

    private void timed(int tokens, Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        if (tokens > 0) secondsPerToken = (System.nanoTime() - t0) / 1e9 / tokens;
    }

    private void publish() {
        MemoryUse mem = main == null ? ExplorerSnapshot.EMPTY.memory() : main.memory();
        ExplorerSnapshot s = new ExplorerSnapshot(++version, info, prompt, cursor,
                main == null ? TrackView.EMPTY : main.view(), baseline == null ? null : baseline.view(), state,
                selection, sampler, runTask != null, secondsPerToken > 0 ? 1 / secondsPerToken : 0, loading, error,
                errorId, mem);
        published.set(s);
        for (Consumer<ExplorerSnapshot> l : listeners) l.accept(s);
    }

    private void fail(Throwable e) {
        error = Errors.message(e);
        errorId++;
        publish();
    }

    private CompletableFuture<Void> submit(Runnable task) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        engine.execute(() -> {
            try {
                task.run();
                f.complete(null);
            } catch (RuntimeException | OutOfMemoryError e) {
                fail(e);
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    @Override
    public void close() {
        engine.execute(() -> {
            stopRun();
            closeAll(baseline, main);
            retireModel(model, backend, checkpoint, tokenizer);
            main = baseline = null;
            loadedModel = null;
            if (loadJob != null) loadJob.cancelled = true;
        });
        engine.shutdown();
        loader.shutdown();
        tasks.close();
        try {
            engine.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
