package org.gsaexplorer.visualizer.tour;

import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.probe.LayerProbe;
import org.gsaexplorer.model.recall.MqarGenerator;
import org.gsaexplorer.model.recall.QueryExplanation;
import org.gsaexplorer.model.recall.RecallExplainer;
import org.gsaexplorer.model.recall.RecallExplanation;
import org.gsaexplorer.model.recall.SlotRead;
import org.gsaexplorer.visualizer.recall.Navigator;
import org.gsaexplorer.visualizer.recall.RecallViewModel;
import org.gsaexplorer.visualizer.views.ViewKind;
import org.gsaexplorer.visualizer.recall.ViewTarget;
import org.gsaexplorer.visualizer.tasks.BackgroundTasks;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The guided tour, free of JavaFX. On {@link #start} it runs a demo sequence (8 pairs, fixed seed) to find what to
 * point at (the head whose readout is most concentrated, its top slot, the heads that forget slowest and fastest), then
 * measures recall with and without each ablation ({@link RecallMeasurements}) as a background task; steps are rebuilt as
 * results arrive, so the numbers they quote are live. Until a number is measured, the one of a measurement of the same
 * checkpoint in the {@link TourCache} stands in, marked as cached; a complete live measurement is saved there. Each step
 * carries a {@link ViewTarget}; once the demo is ready, and on every move between steps, the main window is sent there.
 * A run belongs to the model loaded when it started: once the model changes ({@link #modelChanged}, or a different
 * model behind the supplier) or it is cancelled, it stops within a sequence, and after a model change nothing it
 * computed is shown.
 */
public final class TourViewModel extends LiveTour<TourViewModel.Run> {
    static final int DEMO_PAIRS = 8;
    static final long DEMO_SEED = 2024;

    /** What the demo sequence shows: where to point the views. */
    record Demo(RecallExplanation explanation, int query, int layer, int head, int slot, SlotRead read,
                int keepLayer, int keepHead, double keepAlpha, int forgetLayer, int forgetHead, double forgetAlpha) {
    }

    /** One start of the tour on one model: what it has found so far. */
    static final class Run extends LiveTour.Run {
        final RecallMeasurements measurements;
        volatile Demo demo;
        volatile GsaConfig config;
        // a measurement of this model saved earlier, shown until the live one replaces it
        volatile TourCache.Measurement cached;
        // the patching step's sweep on the demo sequence, once done
        volatile PairPatching patch;

        Run(LoadedModel model, int sequences) {
            super(model);
            this.measurements = new RecallMeasurements(sequences);
        }
    }

    private final IntFunction<String> tokenText;
    private final int sequences;
    private final Function<LoadedModel, Path> checkpointOf;
    private final TourCache cache;

    /**
     * @param sequences    sequences per measured setting (the UI uses {@link #DEFAULT_SEQUENCES})
     * @param checkpointOf the folder a model was loaded from (null when unknown: then nothing is cached)
     * @param cache        where measurements are kept to be shown at once next time
     */
    public TourViewModel(Supplier<LoadedModel> model, IntFunction<String> tokenText, Navigator navigator, BackgroundTasks tasks, int sequences,
                         Function<LoadedModel, Path> checkpointOf, TourCache cache) {
        super(model, navigator, tasks);
        this.checkpointOf = checkpointOf;
        this.cache = cache;
        this.tokenText = tokenText;
        this.sequences = sequences;
        publish();
    }

    public static final int DEFAULT_SEQUENCES = 100;

    /** The accuracies of the current run (empty until measured). */
    public RecallMeasurements measurements() {
        return run().measurements;
    }

    /** The patching step's sweep of the current run, or null until it is done. */
    PairPatching pairPatching() {
        return run().patch;
    }

    @Override
    protected Run newRun(LoadedModel m) {
        return new Run(m, sequences);
    }

    @Override
    protected void check(Run r) {
        if (r.model() == null) throw new GsaException("no model is loaded");
        RecallViewModel.checkMqarModel(r.model());
    }

    /** Computes the demo, then the patching step's sweep, then the measurements; a cached measurement is shown first. */
    @Override
    protected void measure(Run r, BooleanSupplier stop) {
        LoadedModel m = r.model();
        if (stop.getAsBoolean()) return;
        r.config = m.config();
        String key = cacheKey(m);
        if (key != null) {
            r.cached = cache.find(key).orElse(null);
            if (r.cached != null) publish(r);
        }
        r.demo = demo(m);
        publish(r);
        // the demo is ready: bring the views to the step being read
        if (!stale(r)) show();
        try {
            r.patch = PairPatching.compute(m, r.demo.explanation(), r.demo.query(), RecallMeasurements.WORKERS, done -> {
                if (stop.getAsBoolean()) throw new CancellationException("tour stopped");
            });
        } catch (CancellationException stopped) {
            r.stop();
            publish(r);
            return;
        }
        publish(r);
        // a cached measurement of every setting already gives each figure at once: no estimates needed then
        boolean allCached = r.cached != null && RecallMeasurements.SETTINGS.stream()
                .allMatch(s -> Arrays.stream(RecallMeasurements.PAIRS).allMatch(n -> r.cached.accuracy(s, n).isPresent()));
        r.measurements.measure(m, stop, () -> publish(r), !allCached);
        if (!r.measurements.complete()) {
            r.stop();
            publish(r);
        } else if (key != null && !stale(r)) {
            try {
                cache.store(new TourCache.Measurement(key, sequences, LocalDate.now(), r.measurements.values()));
            } catch (GsaException unwritable) {
                // a cache that cannot be written only costs the next start its instant numbers
            }
        }
    }

    /** The cache key of this tour on {@code m}, or null when its checkpoint is unknown or unreadable. */
    private String cacheKey(LoadedModel m) {
        Path dir = checkpointOf.apply(m);
        if (dir == null) return null;
        try {
            return TourCache.key(dir, sequences);
        } catch (GsaException unreadable) {
            return null;
        }
    }

    private static Demo demo(LoadedModel m) {
        var seq = MqarGenerator.generate(DEMO_PAIRS, new SplittableRandom(DEMO_SEED));
        RecallExplanation ex = RecallExplainer.explain(m, seq, Ablations.NONE, RecallViewModel.TOP_SLOTS, RecallViewModel.TOP_TOKENS);
        GsaConfig c = m.config();
        // the head whose top readout weight is largest on average over the queries: the one that picks slots
        int bestL = 0, bestH = 0;
        double best = -1;
        for (int l = 0; l < c.numLayers(); l++)
            for (int h = 0; h < c.numHeads(); h++) {
                double mean = 0;
                for (QueryExplanation q : ex.queries()) mean += q.slots(l, h).getFirst().readout() / ex.queries().size();
                if (mean > best) {
                    best = mean;
                    bestL = l;
                    bestH = h;
                }
            }
        int query = 0;
        while (query < ex.queries().size() - 1 && !ex.queries().get(query).outcome().correct()) query++;
        SlotRead read = ex.queries().get(query).slots(bestL, bestH).getFirst();
        // mean forget gate per layer and kv head over the sequence
        int keepL = 0, keepH = 0, forgetL = 0, forgetH = 0;
        double keep = -1, forget = 2;
        for (int l = 0; l < c.numLayers(); l++) {
            LayerProbe p = ex.forward().probes().get(l);
            for (int h = 0; h < c.numKvHeads(); h++) {
                double mean = 0;
                for (int t = 0; t < p.tokens(); t++)
                    for (int s = 0; s < c.numSlots(); s++) mean += p.alpha()[p.kvIndex(t, h, s)];
                mean /= (double) p.tokens() * c.numSlots();
                if (mean > keep) { keep = mean; keepL = l; keepH = h; }
                if (mean < forget) { forget = mean; forgetL = l; forgetH = h; }
            }
        }
        return new Demo(ex, query, bestL, bestH, read.slot(), read, keepL, keepH * c.groups(), keep, forgetL, forgetH * c.groups(), forget);
    }

    /** Whether a number shown comes from the cache: none measured live yet, one cached. */
    private static boolean fromCache(Run r, String setting, int pairs) {
        return r.measurements.accuracy(setting, pairs).isEmpty() && r.cached != null && r.cached.accuracy(setting, pairs).isPresent();
    }

    /** A measured figure; else a cached one; else the quick first pass's estimate, marked ≈; else "…". */
    private static String pct(Run r, String setting, int pairs) {
        OptionalDouble a = fromCache(r, setting, pairs) ? r.cached.accuracy(setting, pairs) : r.measurements.accuracy(setting, pairs);
        if (a.isPresent()) return String.format("%.1f %%", 100 * a.getAsDouble());
        OptionalDouble e = r.measurements.estimate(setting, pairs);
        return e.isPresent() ? String.format("≈%.0f %%", 100 * e.getAsDouble()) : "…";
    }

    /** "a / b / c" for 8, 16 and 32 pairs, marked when any of them comes from the cache. */
    private static String triple(Run r, String setting) {
        String numbers = Arrays.stream(RecallMeasurements.PAIRS).mapToObj(n -> pct(r, setting, n)).collect(Collectors.joining(" / "));
        long cached = Arrays.stream(RecallMeasurements.PAIRS).filter(n -> fromCache(r, setting, n)).count();
        return cached == 0 ? numbers : numbers + (cached == RecallMeasurements.PAIRS.length ? " (cached)" : " (partly cached)");
    }

    private static boolean showsCached(Run r) {
        return RecallMeasurements.SETTINGS.stream().anyMatch(s -> Arrays.stream(RecallMeasurements.PAIRS).anyMatch(n -> fromCache(r, s, n)));
    }

    @Override
    protected TourState build(Run r, int page) {
        Demo d = r.demo;
        GsaConfig c = r.config;
        RecallMeasurements measurements = r.measurements;
        String slots = c == null ? "M" : Integer.toString(c.numSlots());
        String base = triple(r, "baseline");
        List<TourStep> steps = new ArrayList<>();
        ViewTarget at = null;
        String query = "…", holds = "…", readout = "…", uniform = "…", demoScore = "…";
        if (d != null) {
            var q = d.explanation().queries().get(d.query()).outcome();
            at = new ViewTarget(d.explanation().sequence().ids(), q.position() + 1, d.layer(), d.head(), d.slot(), ViewKind.OVERVIEW, Ablations.NONE);
            query = String.format("query %d (%s at token %d, answer %s)", q.index() + 1, tokenText.apply(q.key()), q.position(), tokenText.apply(q.expected()));
            holds = d.read().remembers().stream().map(w -> String.format("%s at token %d (weight %.2f)", tokenText.apply(w.id()), w.position(), w.weight()))
                    .collect(Collectors.joining(", "));
            readout = String.format("%.3f", d.read().readout());
            uniform = String.format("%.3f", 1.0 / c.numSlots());
            demoScore = d.explanation().correct() + " of " + d.explanation().queries().size();
        }
        String head = d == null ? "layer …, head …" : "layer " + d.layer() + ", head " + d.head();
        steps.add(new TourStep("Associative recall",
                "The prompt stores key→value pairs (for example k12 v40 k7 v3), then asks for every key again in a new order; after each "
                        + "query key the model must predict the bound value. This " + (c == null ? "" : c.numLayers() + "-layer ")
                        + "GSA model answers " + base
                        + " of queries right with 8 / 16 / 32 pairs. The views now show " + query + " of a demo sequence with "
                        + DEMO_PAIRS + " pairs.", at));
        steps.add(new TourStep("What a slot is",
                "Each head has a memory of " + slots + " slots; a slot is one key row K̃[m] and one value row Ṽ[m]. Every token "
                        + "is written into every slot: K̃[m] ← α[m]·K̃[m] + (1 − α[m])·k̂ (Ṽ likewise with v̂), so a slot is a "
                        + "fading weighted sum of past tokens. The provenance view shows what slot " + (d == null ? "…" : d.slot())
                        + " of " + head + " holds at this query: " + holds + ".",
                at == null ? null : at.withView(ViewKind.PROVENANCE)));
        String tau = c == null ? "τ" : String.format("%s", c.gateLogitNormalizer());
        steps.add(new TourStep("The forget gate",
                "The gate α = σ(f)^(1/" + tau + ") is computed from the current token, separately for each slot. Near 1 the "
                        + "slot keeps its contents; near 0 the new token overwrites it. Heads use it differently: over the demo "
                        + "sequence " + (d == null ? "…" : String.format("layer %d, head %d keeps its slots (mean α %.3f), while layer %d, head %d, shown here, rewrites them much faster (mean α %.3f)",
                        d.keepLayer(), d.keepHead(), d.keepAlpha(), d.forgetLayer(), d.forgetHead(), d.forgetAlpha())) + ".",
                at == null ? null : at.withView(ViewKind.GATES).withSelection(d.forgetLayer(), d.forgetHead(), d.slot())));
        steps.add(new TourStep("The readout picks slots",
                "At a query the head scores every slot, z[m] = K̃[m]·q̂, and a softmax turns the scores into weights p; the "
                        + "head outputs Σ p[m]·Ṽ[m]. Here " + head + " puts p = " + readout + " on slot " + (d == null ? "…" : d.slot())
                        + " (an even spread would give " + uniform + "). On the whole demo sequence the model answers "
                        + demoScore + " queries right.",
                at == null ? null : at.withView(ViewKind.READOUT)));
        steps.add(new TourStep("Ablation: no forgetting",
                "Set α = 1 but keep each token's write weight: nothing is ever erased, so each slot becomes a plain running sum "
                        + "in which the pairs blur together. Recall falls from " + base + " to " + triple(r, "no-forget")
                        + " (8 / 16 / 32 pairs).",
                at == null ? null : at.withView(ViewKind.PROVENANCE).withAblations(ablations("no-forget"))));
        steps.add(new TourStep("Ablation: fewer slots",
                "Keep only the first 16 (or 8) of the " + slots + " slots; the others are never written or read. This costs "
                        + "capacity: with 16 slots recall is " + triple(r, "slots=16") + ", with 8 slots " + triple(r, "slots=8")
                        + " (8 / 16 / 32 pairs; all " + slots + " slots: " + base + ").",
                at == null ? null : at.withView(ViewKind.OCCUPANCY).withAblations(ablations("slots=16"))));
        steps.add(new TourStep("Ablation: data-independent decay",
                "Replace each slot's gate by its own mean α over the prompt: the time scales stay, but the gate no longer "
                        + "depends on the token, so the model cannot choose what to overwrite. Recall falls to "
                        + triple(r, "decay=mean") + "; guessing among the 128 values would score 0.8 %.",
                at == null ? null : at.withView(ViewKind.GATES).withAblations(ablations("decay=mean"))));
        steps.add(new TourStep("Ablation: ReLU readout",
                "Replace the softmax by a ReLU normalised to sum 1, p = relu(z) / Σ relu(z). The model was trained with the "
                        + "softmax, whose exponential lets the best-matching slots dominate; with ReLU the read mixes many slots "
                        + "and recall falls to " + triple(r, "readout=relu") + ".",
                at == null ? null : at.withView(ViewKind.READOUT).withAblations(ablations("readout=relu"))));
        steps.add(PairPatching.step(r.patch, at, tokenText, c == null ? 1 : c.groups()));
        steps.add(new TourStep("Your turn",
                "Ablations are off again. Draw new sequences in the recall panel, step through their queries, and flip the "
                        + "ablation switches yourself. " + (showsCached(r)
                        ? "Numbers marked (cached) were measured on this checkpoint earlier (" + r.cached.sequences() + " sequences per setting, "
                        + r.cached.measured() + "); live figures replace them as they arrive."
                        : "Every number in this tour was measured on this machine just now, on " + measurements.sequences() + " sequences per setting."), at));
        int i = Math.min(page, steps.size() - 1);
        boolean measuring = r.model() != null && r.error() == null && !r.stopped() && !measurements.complete();
        return new TourState(List.copyOf(steps), i, status(r), d != null, measuring);
    }

    private static Ablations ablations(String setting) {
        return RecallMeasurements.ablations(setting);
    }

    private static String status(Run r) {
        if (r.error() != null) return r.error();
        String live = liveStatus(r);
        return showsCached(r) ? r.cached.label() + " · " + live : live;
    }

    private static String liveStatus(Run r) {
        RecallMeasurements measurements = r.measurements;
        if (r.demo == null) return r.stopped() ? "stopped before the demo sequence" : "running the demo sequence…";
        if (r.patch == null) return r.stopped() ? "stopped while patching the demo pair" : "patching the demo pair slot by slot…";
        int done = 0, all = RecallMeasurements.SETTINGS.size() * RecallMeasurements.PAIRS.length;
        for (String s : RecallMeasurements.SETTINGS)
            for (int n : RecallMeasurements.PAIRS) if (measurements.accuracy(s, n).isPresent()) done++;
        if (done == all) return "measured live: " + measurements.sequences() + " sequences per setting";
        int estimated = 0;
        for (String s : RecallMeasurements.SETTINGS)
            for (int n : RecallMeasurements.PAIRS) if (measurements.estimate(s, n).isPresent()) estimated++;
        if (done == 0 && estimated < all && measurements.estimateSequences() > 0)
            return (r.stopped() ? "estimating stopped: " : "estimating: ") + estimated + " of " + all + " settings on "
                    + measurements.estimateSequences() + " sequences each (≈), then measuring on " + measurements.sequences();
        return (r.stopped() ? "measuring stopped: " : "measuring live: ") + done + " of " + all + " settings (" + measurements.sequences()
                + " sequences each" + (estimated > done ? "; ≈ marks estimates on " + measurements.estimateSequences() : "") + ")";
    }
}
