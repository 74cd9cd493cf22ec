package org.gsaexplorer.visualizer.recall;

import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.recall.MqarGenerator;
import org.gsaexplorer.model.recall.MqarSequence;
import org.gsaexplorer.model.recall.QueryExplanation;
import org.gsaexplorer.model.recall.QueryOutcome;
import org.gsaexplorer.model.recall.RecallExplainer;
import org.gsaexplorer.model.recall.RecallExplanation;
import org.gsaexplorer.model.recall.SlotRead;
import org.gsaexplorer.model.recall.TokenWeight;
import org.gsaexplorer.visualizer.session.Errors;
import org.gsaexplorer.visualizer.tasks.BackgroundTasks;
import org.gsaexplorer.visualizer.views.ViewKind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The recall panel's logic, free of JavaFX: draws a new MQAR sequence, runs it with every layer probed in the
 * background, and steps through its queries, each time sending the main window to the query's token, the head whose
 * readout is most concentrated there, and that head's top slot. A run belongs to the model loaded when it started and
 * to its request: once the model changes ({@link #modelChanged}, or a different model behind the supplier) or a newer
 * sequence is asked for, its result is dropped, since its token ids, layers and slots mean nothing on the new model.
 */
public final class RecallViewModel {
    /** Slots listed per layer and head, and earlier tokens listed per slot. */
    public static final int TOP_SLOTS = 3, TOP_TOKENS = 3;

    /**
     * @param explanation the current sequence, explained (null before the first)
     * @param selected    the query stepped to, or −1
     * @param busy        a sequence is being computed
     * @param error       the last error (one line), or null
     */
    public record State(RecallExplanation explanation, int selected, boolean busy, String error) {
    }

    private final Supplier<LoadedModel> model;
    private final IntFunction<String> tokenText;
    private final Navigator navigator;
    private final BackgroundTasks tasks;
    private final SplittableRandom seeds;
    private final List<Consumer<State>> listeners = new CopyOnWriteArrayList<>();
    private static final State EMPTY = new State(null, -1, false, null);
    private volatile State state = EMPTY;
    // guarded by this: the request whose result may be shown, and the model it runs on (and what is shown belongs to)
    private long request;
    private LoadedModel owner;

    /**
     * @param model      the loaded model (may change between calls; null while none is loaded)
     * @param tokenText  token id → text, e.g. the tokenizer's {@code k12} / {@code v40}
     * @param navigator  the main window
     * @param tasks      where sequences run and listeners are told
     * @param seed       seeds the sequences drawn by {@link #generate}
     */
    public RecallViewModel(Supplier<LoadedModel> model, IntFunction<String> tokenText, Navigator navigator, BackgroundTasks tasks, long seed) {
        this.model = model;
        this.tokenText = tokenText;
        this.navigator = navigator;
        this.tasks = tasks;
        this.seeds = new SplittableRandom(seed);
    }

    public State state() {
        return state;
    }

    /** Listeners are told on the tasks' delivery executor. */
    public void addListener(Consumer<State> l) {
        listeners.add(l);
    }

    private void publish(State s) {
        state = s;
        tasks.delivery().execute(() -> listeners.forEach(l -> l.accept(s)));
    }

    /**
     * Draws a new sequence with {@code pairs} pairs and explains it; the result also lands in {@link #state()}. The
     * future fails with a {@link CancellationException} when the model changed (or a newer sequence was asked for)
     * before the result came, which is then dropped.
     */
    public CompletableFuture<RecallExplanation> generate(int pairs, Ablations ablations) {
        MqarSequence seq;
        LoadedModel m = model.get();
        long ticket;
        synchronized (this) {
            try {
                if (m == null) throw new GsaException("no model is loaded");
                checkMqarModel(m);
                synchronized (seeds) {
                    seq = MqarGenerator.generate(pairs, seeds);
                }
            } catch (GsaException e) {
                publish(new State(state.explanation(), state.selected(), false, e.getMessage()));
                return CompletableFuture.failedFuture(e);
            }
            ticket = ++request;
            owner = m;
            publish(new State(state.explanation(), state.selected(), true, null));
        }
        return tasks.submit(p -> {
            if (!current(ticket, m)) throw new CancellationException(STALE);
            return RecallExplainer.explain(m, seq, ablations, TOP_SLOTS, TOP_TOKENS);
        }).result().handle((ex, err) -> finish(ticket, m, ex, err));
    }

    private static final String STALE = "the model changed while the sequence ran: its result was dropped";

    /** Whether a run started as request {@code ticket} on {@code m} may still show its result. */
    private synchronized boolean current(long ticket, LoadedModel m) {
        return ticket == request && model.get() == m;
    }

    private synchronized RecallExplanation finish(long ticket, LoadedModel m, RecallExplanation ex, Throwable err) {
        if (ticket != request) throw new CancellationException(STALE);
        if (model.get() != m) {
            // the model behind the supplier changed before anyone said so: nothing shown belongs to it
            modelChanged();
            throw new CancellationException(STALE);
        }
        if (err != null) {
            publish(new State(state.explanation(), state.selected(), false, Errors.message(err)));
            throw err instanceof CompletionException c ? c : new CompletionException(err);
        }
        publish(new State(ex, -1, false, null));
        return ex;
    }

    /**
     * The main window saw a new model: unless they belong to it, the sequence shown and any run in flight are dropped.
     */
    public synchronized void modelChanged() {
        if (owner == model.get()) return;
        request++;
        owner = null;
        publish(EMPTY);
    }

    /** MQAR needs keys 0..127 and values 128..255 in the vocabulary. */
    public static void checkMqarModel(LoadedModel m) {
        int v = m.config().vocabSize();
        if (v < MqarGenerator.VALUE_BASE + MqarGenerator.VALUES)
            throw new GsaException("recall needs an MQAR model (keys are ids 0..127, values 128..255); this one has " + v
                    + " tokens: open samples/mqar-gsa-tiny");
    }

    /** Steps to query {@code j} and sends the main window there. */
    public void select(int j) {
        RecallExplanation ex;
        synchronized (this) {
            ex = state.explanation();
            if (ex == null || j < 0 || j >= ex.queries().size() || model.get() != owner) return;
            publish(new State(ex, j, false, state.error()));
        }
        navigator.navigate(target(ex, j));
    }

    /** The next query (the first when none is selected); false at the end. */
    public boolean stepForward() {
        RecallExplanation ex = state.explanation();
        if (ex == null || state.selected() + 1 >= ex.queries().size()) return false;
        select(state.selected() + 1);
        return true;
    }

    public boolean stepBack() {
        if (state.explanation() == null || state.selected() <= 0) return false;
        select(state.selected() - 1);
        return true;
    }

    /** The read with the largest readout weight over all layers and heads at a query. */
    public static SlotRead strongestRead(QueryExplanation q) {
        return q.slots().stream().max(Comparator.comparingDouble(SlotRead::readout)).orElseThrow();
    }

    /** Query j's token, with the strongest read's layer, head and slot, in the provenance view. */
    public static ViewTarget target(RecallExplanation ex, int j) {
        QueryExplanation q = ex.queries().get(j);
        SlotRead r = strongestRead(q);
        return new ViewTarget(ex.sequence().ids(), q.outcome().position() + 1, r.layer(), r.head(), r.slot(), ViewKind.PROVENANCE, ex.ablations());
    }

    /** One line per query: "q3  k12 → v40  ✓" or "… ✗ said v7". */
    public List<String> queryRows() {
        RecallExplanation ex = state.explanation();
        if (ex == null) return List.of();
        List<String> rows = new ArrayList<>();
        for (QueryExplanation q : ex.queries()) {
            QueryOutcome o = q.outcome();
            rows.add(String.format("q%-3d %s → %s  %s", o.index() + 1, tokenText.apply(o.key()), tokenText.apply(o.expected()),
                    o.correct() ? "✓" : "✗ said " + tokenText.apply(o.predicted())));
        }
        return rows;
    }

    /** The overall line: "8 pairs · 54 of 56 queries right (96.4 %)". */
    public String summary() {
        RecallExplanation ex = state.explanation();
        if (ex == null) return "no sequence yet";
        return String.format("%d pairs · %d of %d queries right (%.1f %%)%s", ex.sequence().pairs(), ex.correct(), ex.queries().size(),
                100 * ex.accuracy(), ex.ablations().isNone() ? "" : " · " + ex.ablations().describe());
    }

    /** For query j, one line: where its pair was stored and what the model said. */
    public String headline(int j) {
        RecallExplanation ex = state.explanation();
        if (ex == null || j < 0 || j >= ex.queries().size()) return "";
        QueryOutcome o = ex.queries().get(j).outcome();
        int stored = ex.sequence().pairPosition(o.key());
        return String.format("query %d at token %d: %s, stored at tokens %d–%d; model says %s%s", o.index() + 1, o.position(),
                tokenText.apply(o.key()), stored, stored + 1, tokenText.apply(o.predicted()),
                o.correct() ? " (right)" : " (wrong, expected " + tokenText.apply(o.expected()) + ")");
    }

    /**
     * For query j, the path its answer takes: every slot read (the top slots of every layer and head) joined with
     * every token it holds, heaviest p·w first, at most {@code rows}. A slot that mostly holds the query token itself
     * says little about where the answer came from; the role column tells those apart from the pair's value.
     */
    public List<ReadPath> path(int j, int rows) {
        RecallExplanation ex = state.explanation();
        if (ex == null || j < 0 || j >= ex.queries().size()) return List.of();
        QueryExplanation q = ex.queries().get(j);
        QueryOutcome o = q.outcome();
        int key = ex.sequence().pairPosition(o.key());
        List<ReadPath> out = new ArrayList<>();
        for (SlotRead r : q.slots())
            for (TokenWeight w : r.remembers()) {
                String role = w.position() == key + 1 ? "answer" : w.position() == key ? "key" : w.position() == o.position() ? "query" : "other";
                out.add(new ReadPath(r.layer(), r.head(), r.slot(), r.readout(), tokenText.apply(w.id()), w.position(), w.weight(), role));
            }
        out.sort(Comparator.comparingDouble(ReadPath::path).reversed());
        return List.copyOf(out.subList(0, Math.min(rows, out.size())));
    }

    /**
     * For query j, where what its top slots read came from, as p·w summed by role over every layer and head: "from
     * the pair 0.42 (answer 0.30, key 0.12) · the query itself 0.35 · other tokens 0.05".
     */
    public String pathSummary(int j) {
        List<ReadPath> all = path(j, Integer.MAX_VALUE);
        if (all.isEmpty()) return "";
        java.util.Map<String, Double> by = new java.util.HashMap<>();
        for (ReadPath r : all) by.merge(r.role(), r.path(), Double::sum);
        double answer = by.getOrDefault("answer", 0.0), key = by.getOrDefault("key", 0.0);
        return String.format("p·w summed: from the pair %.2f (answer %.2f, key %.2f) · the query itself %.2f · other tokens %.2f",
                answer + key, answer, key, by.getOrDefault("query", 0.0), by.getOrDefault("other", 0.0));
    }
}
