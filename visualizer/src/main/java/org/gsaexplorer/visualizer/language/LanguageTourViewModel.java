package org.gsaexplorer.visualizer.language;

import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.visualizer.recall.Navigator;
import org.gsaexplorer.visualizer.session.StarterPrompt;
import org.gsaexplorer.visualizer.tasks.BackgroundTasks;
import org.gsaexplorer.visualizer.tour.LiveTour;
import org.gsaexplorer.visualizer.tour.TourState;
import org.gsaexplorer.visualizer.tour.TourStep;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The language tour, free of JavaFX: the recall tour's machinery on a byte-level model and a text the user can edit.
 * {@link #start} runs the model over the text's bytes in the background with every layer probed
 * ({@link LanguageFindings}), then measures bits per byte under each ablation the tour names; steps are rebuilt as
 * results arrive, so every number they quote was computed on the model and the text shown. {@link #setText} starts
 * again on a new text. A run belongs to the model and text it started on: a newer text, another model or a cancel
 * stops it, and what it computed is no longer shown.
 */
public final class LanguageTourViewModel extends LiveTour<LanguageTourViewModel.Run> {
    /** The ablations the tour measures, in the order of their steps. */
    public static final List<String> ABLATIONS = List.of("no-forget", "slots=16");
    /** Texts shorter than this have too few bytes to say anything about. */
    public static final int MIN_BYTES = 8;
    /** Longer texts would keep the tour measuring for long on the CPU backends. */
    public static final int MAX_BYTES = 4096;

    /** One start of the tour on one model and text. */
    static final class Run extends LiveTour.Run {
        final String text;
        final Map<String, Double> ablated = new ConcurrentHashMap<>();
        volatile int[] bytes = new int[0];
        volatile LanguageFindings findings;

        Run(LoadedModel model, String text) {
            super(model);
            this.text = text;
        }
    }

    private final Predicate<LoadedModel> byteLevel;
    private volatile String text = StarterPrompt.RUST;

    /**
     * @param byteLevel whether a model reads bytes (the tour refuses any other: its positions are bytes)
     */
    public LanguageTourViewModel(Supplier<LoadedModel> model, Predicate<LoadedModel> byteLevel, Navigator navigator, BackgroundTasks tasks) {
        super(model, navigator, tasks);
        this.byteLevel = byteLevel;
        publish();
    }

    /** The text the tour reads (as last set, also when it was refused). */
    public String text() {
        return text;
    }

    /** The findings of the current run, or null until its model run is done. */
    public LanguageFindings findings() {
        return run().findings;
    }

    /** Bits per byte on the text with an ablation of {@link #ABLATIONS}, once measured. */
    public OptionalDouble ablatedBitsPerByte(String ablation) {
        Double v = run().ablated.get(ablation);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** Reads {@code newText} instead: the claims are computed again on it. */
    public CompletableFuture<Void> setText(String newText) {
        text = newText;
        return start();
    }

    @Override
    protected Run newRun(LoadedModel m) {
        return new Run(m, text);
    }

    /** A bad text or model refuses the run with its one line. */
    @Override
    protected void check(Run r) {
        r.bytes = bytes(r.text);
        if (r.model() == null) throw new GsaException("no model is loaded");
        if (!byteLevel.test(r.model()))
            throw new GsaException("the language tour needs a byte-level model (one token per byte); this model has no byte tokenizer: open samples/rust-docs-gsa");
    }

    /** The text's UTF-8 bytes, or one line saying why the text cannot be read as bytes. */
    static int[] bytes(String text) {
        ByteBuffer encoded;
        try {
            encoded = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text));
        } catch (CharacterCodingException e) {
            throw new GsaException("the text cannot be tokenized: it holds half of a surrogate pair, which is not valid Unicode");
        }
        int n = encoded.remaining();
        if (n < MIN_BYTES) throw new GsaException("the text is too short (" + n + " bytes): the tour needs at least " + MIN_BYTES);
        if (n > MAX_BYTES) throw new GsaException("the text is too long (" + n + " bytes): the tour reads at most " + MAX_BYTES);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = encoded.get() & 0xff;
        return ids;
    }

    /** Runs the model over the text with every layer probed, then measures each ablation's bits per byte. */
    @Override
    protected void measure(Run r, BooleanSupplier stop) {
        if (stop.getAsBoolean()) return;
        r.findings = LanguageFindings.measure(r.model(), r.bytes);
        publish(r);
        // the findings place the views: bring them to the step being read
        if (!stale(r)) show();
        for (String a : ABLATIONS) {
            if (stop.getAsBoolean()) {
                r.stop();
                publish(r);
                return;
            }
            r.ablated.put(a, LanguageFindings.bitsPerByte(r.model(), r.bytes, Ablations.parseAll(List.of(a))));
            publish(r);
        }
    }

    @Override
    protected TourState build(Run r, int page) {
        List<TourStep> steps = LanguageSteps.of(r.findings, r.text, r.model() == null ? null : r.model().config(), r.ablated);
        int i = Math.min(page, steps.size() - 1);
        boolean measuring = r.model() != null && r.error() == null && !r.stopped() && r.ablated.size() < ABLATIONS.size();
        return new TourState(steps, i, status(r), r.findings != null, measuring);
    }

    private static String status(Run r) {
        if (r.error() != null) return r.error();
        if (r.model() == null) return "waiting for a byte-level model";
        int n = r.bytes.length;
        if (r.findings == null) return r.stopped() ? "stopped before the text was read" : "reading the text (" + n + " bytes)…";
        if (r.ablated.size() == ABLATIONS.size()) return "measured live on the " + n + " bytes of this text";
        return (r.stopped() ? "measuring stopped: " : "measuring ablations: ") + r.ablated.size() + " of " + ABLATIONS.size() + " on " + n + " bytes";
    }
}
