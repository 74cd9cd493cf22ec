package org.gsaexplorer.visualizer.session;

import org.gsaexplorer.model.generate.Sampler;
import org.gsaexplorer.model.Backend;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.RecurrentState;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.backend.Backends;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.visualizer.tasks.BackgroundTasks;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The explorer's state without any controls: prompt, cursor, selection, sampling and run mode, over the model and
 * runs a {@link ModelHost} keeps (tokens, ablations, comparison run). Every command runs on one engine lane of the
 * explorer's {@link BackgroundTasks}, in order; after each the view model publishes an immutable
 * {@link ExplorerSnapshot} that any thread may read. Commands return futures that complete when the command is done
 * (tests wait on them; the UI ignores them and renders snapshots). A failing command publishes its one-line message.
 * When a GPU backend fails while computing (allocation, kernel compile or launch), the host reports the fault,
 * reloads the model on nd4j with the same tokens, ablations and cursor, and the command finishes there.
 */
public final class ExplorerViewModel implements AutoCloseable {
    /**
     * Memory limits for the history kept to go back in time. The probe budget is at most 512 MiB (a quarter of smaller
     * heaps): probes beyond it are recomputed when looked at, and what stays live sets the heap, hence the process's
     * resident size (the launcher's collector target follows the live set).
     */
    public record Options(long probeBudgetBytes, int maxStates) {
        public static Options defaults() {
            long budget = Math.min(Runtime.getRuntime().maxMemory() / 4, 512L << 20);
            return new Options(budget, 32);
        }
    }

    private final BackgroundTasks tasks = BackgroundTasks.threads(Runnable::run);
    private final Executor engine = tasks.serial();
    private final RunClock clock = new RunClock(tasks, engine);
    private final ModelHost host;
    private final AtomicReference<ExplorerSnapshot> published = new AtomicReference<>(ExplorerSnapshot.EMPTY);
    private final List<Consumer<ExplorerSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong moveSeq = new AtomicLong();
    // commands submitted and not yet done, and probe fills queued by a move: the views are out of date while > 0
    private final AtomicInteger pending = new AtomicInteger();

    // engine-lane state
    private String prompt = "";
    // the text of the loaded model's own starter prompt: that prompt is never carried to another model
    private String starterText = "";
    private int cursor;
    private Selection selection = Selection.DEFAULT;
    private Sampler sampler = Sampler.GREEDY;
    private Random random = new Random(0);
    private double secondsPerToken;
    private String error;
    private long errorId, version;
    private RecurrentState state;
    // the loss charts' scoring: the rule chosen (null: the default), the model's task, the prompt's tokens
    private ScoringRule scoringRule;
    private TaskFormat task;
    private int promptTokens;

    public ExplorerViewModel(Options options) {
        this(options, Backends::create);
    }

    /** {@code backends} makes a backend from its name (tests pass failing ones to exercise the fallback). */
    ExplorerViewModel(Options options, Function<String, Backend> backends) {
        host = new ModelHost(options, backends, tasks, engine, new ModelHost.Events() {
            @Override
            public void changed() {
                publish();
            }

            @Override
            public void failed(Throwable e) {
                fail(e);
            }

            @Override
            public void notice(String message) {
                error = message;
                errorId++;
                publish();
            }
        });
    }

    public ExplorerViewModel() {
        this(Options.defaults());
    }

    /**
     * Where the explorer's panels run their background work too; {@link BackgroundTasks#deliveringOn} gives them their
     * UI thread. Closed with the view model.
     */
    public BackgroundTasks tasks() {
        return tasks;
    }

    public ExplorerSnapshot snapshot() {
        return published.get();
    }

    /** Called on the engine lane after each publish; keep it cheap (the UI only marks itself dirty). */
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
     * (−1: end); a null prompt opens with the model's {@link StarterPrompt} (a Rust program for a byte-level model, a
     * recall prompt for the recall sample) and its cursor. The loading runs in the background, so the engine keeps
     * serving the current model meanwhile and {@link #cancelLoad} takes effect at once; the new model replaces the old
     * one on the engine lane when ready.
     */
    public CompletableFuture<Void> open(Path dir, String backendName, String promptText, int at) {
        return open(dir, backendName, promptText == null ? null : new ModelHost.Prompt(promptText, at, false));
    }

    /**
     * Opens another model, keeping {@code typed} (the prompt box's text) when the user gave it and it tokenizes with
     * the new model; otherwise the new model starts on its {@link StarterPrompt} and a notice says why when the text
     * was the user's. The prompt a model opened with is its own and never carried to another.
     */
    public CompletableFuture<Void> openKeepingPrompt(Path dir, String backendName, String typed) {
        CompletableFuture<ModelHost.Prompt> decided = new CompletableFuture<>();
        // decided on the engine lane, which owns the prompt, after the commands given before this one
        engine.execute(() -> {
            boolean own = typed != null && !typed.isBlank() && !typed.equals(starterText);
            decided.complete(own ? new ModelHost.Prompt(typed, -1, true) : null);
        });
        return decided.thenCompose(start -> open(dir, backendName, start));
    }

    private CompletableFuture<Void> open(Path dir, String backendName, ModelHost.Prompt start) {
        return host.open(dir, backendName, start, done -> {
            clock.stop();
            if (done.notice() != null) {
                error = done.notice();
                errorId++;
            }
            prompt = done.prompt();
            promptTokens = host.main().computed();
            starterText = done.starter();
            task = null;
            try {
                task = TaskFormat.find(dir).orElse(null);
            } catch (GsaException e) {
                error = e.getMessage() + "; the loss charts score every position";
                errorId++;
            }
            selection = clamped(selection);
            moveTo(done.cursor() < 0 ? host.main().computed() : done.cursor());
        });
    }

    /**
     * Stops a load in progress now: the previous model stays and the views return to it at once. The abandoned load
     * stops at its next phase (a phase in native code cannot be interrupted) and frees what it built.
     */
    public void cancelLoad() {
        engine.execute(host::cancelLoad);
    }

    /**
     * Opens a saved session: its model and prompt, then exactly its tokens (generated ones included), ablations,
     * comparison, sampling, scored positions, selection and cursor.
     */
    public CompletableFuture<Void> restore(SessionFile f) {
        return open(f.model(), f.backend(), f.prompt(), -1).thenCompose(v -> submit(() -> {
            int vocab = host.info().config().vocabSize();
            for (int id : f.tokens())
                if (id >= vocab) throw new GsaException("session: token id " + id + " is outside the model's vocabulary of " + vocab);
            Track main = host.main();
            if (!f.ablations().isNone()) main.setAblations(f.ablations(), f.cursor());
            if (!Arrays.equals(main.ids(), f.tokens())) main.reset(f.tokens(), f.cursor());
            promptTokens = Math.min(host.encode(f.prompt()).length, main.computed());
            sampler = new Sampler(f.temperature(), f.topK(), System.nanoTime());
            random = new Random(sampler.seed());
            scoringRule = f.scoring();
            if (f.compare()) host.compare(true, f.cursor());
            selection = clamped(f.selection());
            moveTo(f.cursor());
        }));
    }

    /**
     * The loaded model, for panels that run their own sessions on it (null while none). When the explorer lets it go,
     * it is freed after the last of those sessions closes; sessions asked for after that fail with one line.
     */
    public LoadedModel loadedModel() {
        return host.shared();
    }

    /** The checkpoint folder {@code m} was loaded from, when it is {@link #loadedModel} now; else null. */
    public Path checkpointOf(LoadedModel m) {
        return host.checkpointOf(m);
    }

    /** Whether {@code m} is {@link #loadedModel} now and reads bytes, so the language tour applies to it. */
    public boolean byteLevel(LoadedModel m) {
        return host.byteLevel(m);
    }

    /** The current model's spelling of token {@code id} (the id itself while no model is loaded); any thread. */
    public String tokenText(int id) {
        ModelInfo m = snapshot().model();
        return m == null ? String.valueOf(id) : m.tokenText().apply(id);
    }

    // ---- prompt and transport ----

    /** Replaces the sequence by the tokens of {@code text} and puts the cursor at its end. */
    public CompletableFuture<Void> setPrompt(String text) {
        return submit(() -> {
            needModel();
            int[] ids = host.encode(text);
            prompt = text;
            promptTokens = ids.length;
            timed(ids.length, () -> {
                host.main().reset(ids, ids.length);
                if (host.baseline() != null) host.baseline().reset(ids, ids.length);
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
        if (cursor < host.main().computed()) moveTo(cursor + 1);
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
        if (cursor < host.main().computed()) {
            promptTokens = Math.min(promptTokens, cursor);
            host.main().truncate(cursor);
            if (host.baseline() != null) host.baseline().truncate(cursor);
        }
        int[] next = new int[1];
        timed(n, () -> {
            for (int i = 0; i < n; i++) {
                next[0] = sampler.next(host.main().lastLogits(), random);
                int before = cursor;
                host.onDevice(() -> Arrays.copyOf(host.main().ids(), before), cursor, () -> {
                    host.main().extend(next, cursor + 1);
                    if (host.baseline() != null) host.baseline().extend(next, cursor + 1);
                });
                cursor++;
            }
        });
        moveTo(cursor);
    }

    /**
     * Plays the sequence forward at {@code tokensPerSecond} until paused or at its end (generation is
     * {@link #generate}'s); from the end it plays again from the first token.
     */
    public CompletableFuture<Void> run(double tokensPerSecond) {
        if (!(tokensPerSecond > 0)) throw new IllegalArgumentException("speed must be positive");
        long period = Math.max(1000, Math.round(1e9 / tokensPerSecond));
        return submit(() -> {
            needModel();
            if (cursor >= host.main().computed()) moveTo(1);
            clock.start(period, this::playNow, this::fail);
            publish();
        });
    }

    /** One token forward in run mode; at the end of the sequence run mode stops there. */
    private void playNow() {
        needModel();
        if (cursor < host.main().computed()) moveTo(cursor + 1);
        if (cursor >= host.main().computed()) {
            clock.stop();
            publish();
        }
    }

    public CompletableFuture<Void> pause() {
        return submit(() -> {
            clock.stop();
            publish();
        });
    }

    // ---- ablations, comparison, selection ----

    /** Re-runs the sequence with {@code a} (no reload). */
    public CompletableFuture<Void> setAblations(Ablations a) {
        return submit(() -> {
            needModel();
            timed(host.main().computed(), () -> host.main().setAblations(a, cursor));
            moveTo(cursor);
        });
    }

    /** Side-by-side mode: also runs the sequence without ablations, for Δloss and aligned views. */
    public CompletableFuture<Void> setCompare(boolean on) {
        return submit(() -> {
            needModel();
            host.compare(on, cursor);
            moveTo(cursor);
        });
    }

    /** Which positions the loss charts score (null: the default for the model, its task's answers if it has one). */
    public CompletableFuture<Void> setScoringRule(ScoringRule r) {
        return submit(() -> {
            scoringRule = r;
            publish();
        });
    }

    public CompletableFuture<Void> select(Selection s) {
        return submit(() -> {
            selection = clamped(s);
            moveTo(cursor);
        });
    }

    // ---- internals ----

    private Selection clamped(Selection s) {
        ModelInfo info = host.info();
        if (info == null) return s;
        GsaConfig c = info.config();
        return s.clampTo(c.numLayers(), c.numHeads(), c.numSlots());
    }

    private void needModel() {
        if (host.main() == null) throw new GsaException("no model is loaded (File > Open checkpoint folder)");
    }

    /** Moves the cursor, publishes at once, then fills in what the new position needs unless another move came first. */
    private void moveTo(int tokens) {
        Track main = host.main();
        int n = main == null ? 0 : main.computed();
        cursor = Math.max(Math.min(n, 1), Math.min(tokens, n));
        state = main != null && cursor == main.computed() ? main.stateAt(cursor) : null;
        publish();
        if (main == null || state != null && windowHeld()) return;
        long seq = moveSeq.incrementAndGet();
        pending.incrementAndGet();
        engine.execute(() -> {
            try {
                if (seq != moveSeq.get() || host.main() == null) return;
                int t0 = Math.max(0, cursor - selection.window());
                host.onDevice(() -> host.main().ids(), cursor, () -> {
                    host.main().ensureProbes(t0, cursor, cursor);
                    if (host.baseline() != null) host.baseline().ensureProbes(t0, cursor, cursor);
                    state = host.main().stateAt(cursor);
                });
                publish();
            } catch (RuntimeException e) {
                fail(e);
            } finally {
                pending.decrementAndGet();
            }
        });
    }

    private boolean windowHeld() {
        int t0 = Math.max(0, cursor - selection.window());
        return host.main().view().probes().hasAll(t0, cursor);
    }

    private void timed(int tokens, Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        if (tokens > 0) secondsPerToken = (System.nanoTime() - t0) / 1e9 / tokens;
    }

    private void publish() {
        Track main = host.main(), baseline = host.baseline();
        MemoryUse mem = main == null ? ExplorerSnapshot.EMPTY.memory() : main.memory();
        ExplorerSnapshot s = new ExplorerSnapshot(++version, host.info(), prompt, cursor,
                main == null ? TrackView.EMPTY : main.view(), baseline == null ? null : baseline.view(), state,
                selection, sampler, clock.running(), secondsPerToken > 0 ? 1 / secondsPerToken : 0, host.loading(), error,
                errorId, mem, new Scoring(scoringRule, task, promptTokens));
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
        pending.incrementAndGet();
        engine.execute(() -> {
            Throwable failed = null;
            try {
                task.run();
            } catch (RuntimeException | OutOfMemoryError e) {
                fail(e);
                failed = e;
            }
            // no longer pending once its future completes: a caller waiting on it sees the views caught up
            pending.decrementAndGet();
            if (failed == null) f.complete(null);
            else f.completeExceptionally(failed);
        });
        return f;
    }

    /**
     * Whether the views are behind the commands given (a command or the probes of a move are still computing); any
     * thread. The window marks the views "computing…" meanwhile, so a picture is never taken for the newest one.
     */
    public boolean busy() {
        return pending.get() > 0 || host.loading() != null;
    }

    /** Frees the model and runs, then stops the background work (the panels' too). */
    @Override
    public void close() {
        CompletableFuture<Void> closed = submit(() -> {
            clock.stop();
            host.close();
        });
        try {
            closed.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a command stuck in native code: the engine's threads are daemons and end with the JVM
        }
        tasks.close();
    }
}
