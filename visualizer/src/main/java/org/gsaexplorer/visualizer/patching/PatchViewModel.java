package org.gsaexplorer.visualizer.patching;

import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.patch.ActivationPatching;
import org.gsaexplorer.model.patch.PatchGrain;
import org.gsaexplorer.model.patch.PatchResult;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.tokenizer.GsaTokenizer;
import org.gsaexplorer.visualizer.recall.Navigator;
import org.gsaexplorer.visualizer.recall.ViewTarget;
import org.gsaexplorer.visualizer.session.Errors;
import org.gsaexplorer.visualizer.tasks.BackgroundTasks;
import org.gsaexplorer.visualizer.tasks.CancelTicket;
import org.gsaexplorer.visualizer.tasks.PanelState;
import org.gsaexplorer.visualizer.views.ViewKind;

import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Activation patching in the explorer, free of JavaFX: runs the model's sweep ({@link ActivationPatching}, its
 * reruns on all cores) as one background task with progress and cancel, keeps the result, and sends the main window
 * to a component: the clean prompt at the patched token, with that layer, head and slot selected in the provenance
 * view (what the slot holds there). A failed or cancelled sweep leaves the previous result in place.
 */
public final class PatchViewModel {
    static final int WORKERS = Runtime.getRuntime().availableProcessors();

    private final Supplier<LoadedModel> model;
    private final Function<LoadedModel, Path> checkpointOf;
    private final IntFunction<String> tokenText;
    private final Navigator navigator;
    private final BackgroundTasks tasks;
    private final PanelState<PatchState> panel = new PanelState<>(PatchState.EMPTY);
    // the model the sweep shown was run on: its prompt and components mean nothing on another
    private volatile LoadedModel owner;

    /** Listeners and results come on {@code tasks}' delivery executor. */
    public PatchViewModel(Supplier<LoadedModel> model, Function<LoadedModel, Path> checkpointOf, IntFunction<String> tokenText,
                          Navigator navigator, BackgroundTasks tasks) {
        this.model = model;
        this.checkpointOf = checkpointOf;
        this.tokenText = tokenText;
        this.navigator = navigator;
        this.tasks = tasks;
    }

    public PatchState state() {
        return panel.get();
    }

    public void addListener(Consumer<PatchState> l) {
        panel.addListener(l);
    }

    private record Outcome(PatchResult result, int[] cleanIds) {
    }

    /** Runs the sweep {@code q} asks for; a sweep in progress is cancelled first. */
    public CompletableFuture<Void> run(PatchRequest q) {
        cancel();
        LoadedModel m = model.get();
        if (m == null) return fail("no model is loaded");
        Path dir = checkpointOf.apply(m);
        if (dir == null) return fail("the model's folder is unknown, so its tokenizer cannot be read");
        panel.publish(state().with(true, 0, "running the clean and corrupted prompts…"));
        CancelTicket ticket = panel.newRun();
        BackgroundTasks.Job<Outcome> j = tasks.submit(p -> compute(m, dir, q, ticket.check(p), p),
                u -> {
                    if (state().running()) panel.publish(state().with(true, u.fraction(), u.message()));
                },
                (out, err) -> {
                    if (err != null) {
                        panel.publish(state().with(false, 0, err instanceof CancellationException ? "patching cancelled" : Errors.message(err)));
                        return;
                    }
                    PatchResult r = out.result();
                    owner = m;
                    panel.publish(new PatchState(false, 1, summary(r), r, out.cleanIds(), q.clean(), tokenText.apply(r.answer()), tokenText.apply(r.foil())));
                });
        return j.result().handle((v, e) -> null);
    }

    private CompletableFuture<Void> fail(String message) {
        panel.publish(state().with(false, 0, message));
        return CompletableFuture.completedFuture(null);
    }

    /** Stops a sweep at its next rerun. */
    public void cancel() {
        panel.cancel();
    }

    private static Outcome compute(LoadedModel m, Path dir, PatchRequest q, Runnable check, BackgroundTasks.Progress p) {
        var c = m.config();
        try (GsaTokenizer tok = GsaTokenizer.forCheckpoint(dir, c.vocabSize())) {
            int[] clean = encode(tok, q.clean(), "clean prompt");
            int[] corrupt;
            if (q.replaceAt() >= 0) {
                if (q.replaceAt() >= clean.length)
                    throw new GsaException("token " + q.replaceAt() + " to replace is past the clean prompt's " + clean.length + " tokens");
                corrupt = clean.clone();
                corrupt[q.replaceAt()] = token(tok, q.replacement(), "replacement");
            } else {
                corrupt = encode(tok, q.corrupt(), "corrupted prompt");
            }
            int[] layers = ProbeSpec.parse(q.layers().isBlank() ? "all" : q.layers().strip(), c.numLayers()).layers();
            Integer answer = blank(q.answer()) ? null : token(tok, q.answer(), "answer");
            Integer foil = blank(q.foil()) ? null : token(tok, q.foil(), "foil");
            int components = switch (q.grain()) {
                case STATE -> 1;
                case LAYER -> layers.length;
                case HEAD -> layers.length * c.numKvHeads();
                case SLOT -> layers.length * c.numKvHeads() * c.numSlots();
            };
            long t0 = System.nanoTime();
            PatchResult r = ActivationPatching.run(m, new ActivationPatching.Spec(clean, corrupt, q.at(), q.grain(), layers, answer, foil),
                    WORKERS, done -> {
                        check.run();
                        double s = (System.nanoTime() - t0) / 1e9;
                        p.report((double) done / components, String.format("rerun %d of %d · %.0f s left", done, components,
                                s / done * (components - done)));
                    });
            check.run();
            return new Outcome(r, clean);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static int[] encode(GsaTokenizer tok, String text, String what) {
        if (blank(text)) throw new GsaException("the " + what + " is empty");
        return tok.encode(text);
    }

    private static int token(GsaTokenizer tok, String text, String what) {
        if (text == null || text.isEmpty()) throw new GsaException("the " + what + " token is empty");
        int[] ids = tok.encode(text);
        if (ids.length != 1) throw new GsaException(what + " '" + text + "' is " + ids.length + " tokens, not one");
        return ids[0];
    }

    private String summary(PatchResult r) {
        return String.format("%d %s components at token %d · logit(%s) − logit(%s): clean %.3f, corrupted %.3f", r.effects().length,
                r.grain().id(), r.at(), tokenText.apply(r.answer()), tokenText.apply(r.foil()), r.clean(), r.corrupt());
    }

    /**
     * Sends the views to the component of a heatmap cell: the clean prompt with the cursor after token at − 1 (the
     * state that was patched), its layer, head (the first query head reading it) and slot, in the provenance view.
     */
    public void open(int row, int col) {
        PatchState s = state();
        LoadedModel m = model.get();
        if (s.result() == null || m == null) return;
        if (m != owner) {
            panel.publish(s.with(false, 0, "this sweep was run on another model: run it again on this one"));
            return;
        }
        PatchHeatmap.Cell cell = PatchHeatmap.cell(s.result(), row, col);
        int groups = m.config().groups();
        navigator.navigate(new ViewTarget(s.cleanIds(), s.result().at(), Math.max(0, cell.layer()), Math.max(0, cell.head()) * groups,
                Math.max(0, cell.slot()), s.result().grain() == PatchGrain.SLOT ? ViewKind.PROVENANCE : ViewKind.OCCUPANCY, null, s.cleanText()));
    }
}
