package org.gsaexplorer.visualizer.tour;

import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.recall.RecallEvaluator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * The recall accuracies the tour quotes, measured on the loaded model: each setting (baseline and one ablation each)
 * at 8, 16 and 32 pairs over the same seeded sequences. When there are more than 10 sequences, a quick first pass
 * estimates every setting on the first tenth of them (10 of the tour's 100), so the tour has a figure for each within
 * seconds instead of none for minutes on two cores; the full measurements then replace the estimates one by one. Memory stays bounded: at most {@value #WORKERS} threads measure at once, and their sessions close when a
 * setting ends.
 */
public final class RecallMeasurements {
    public static final List<String> SETTINGS = List.of("baseline", "no-forget", "slots=16", "slots=8", "decay=mean", "readout=relu");
    public static final int[] PAIRS = {8, 16, 32};
    static final long SEED = 7;
    /** Threads measuring at once; each runs one sequence at a time on sessions of its own. */
    static final int WORKERS = 2;

    private final int sequences;
    private final Map<String, Double> accuracy = new ConcurrentHashMap<>(), estimate = new ConcurrentHashMap<>();

    public RecallMeasurements(int sequences) {
        this.sequences = sequences;
    }

    public int sequences() {
        return sequences;
    }

    static String key(String setting, int pairs) {
        return setting + "@" + pairs;
    }

    public static Ablations ablations(String setting) {
        return setting.equals("baseline") ? Ablations.NONE : Ablations.parseAll(List.of(setting));
    }

    /** The accuracy measured for a setting, or empty while it is still pending. */
    public OptionalDouble accuracy(String setting, int pairs) {
        Double a = accuracy.get(key(setting, pairs));
        return a == null ? OptionalDouble.empty() : OptionalDouble.of(a);
    }

    /** The first pass's accuracy for a setting (on {@link #estimateSequences} sequences), or empty while pending. */
    public OptionalDouble estimate(String setting, int pairs) {
        Double a = estimate.get(key(setting, pairs));
        return a == null ? OptionalDouble.empty() : OptionalDouble.of(a);
    }

    /**
     * Sequences each estimate is over: the first tenth of the measurement's (the same seed draws them first); 0 when
     * there are 10 or fewer, where the full measurement is hardly longer.
     */
    public int estimateSequences() {
        return sequences > 10 ? sequences / 10 : 0;
    }

    public boolean complete() {
        return accuracy.size() == SETTINGS.size() * PAIRS.length;
    }

    /** Every accuracy measured so far, in the order they are measured. */
    public Map<String, Double> values() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String s : SETTINGS)
            for (int pairs : PAIRS) accuracy(s, pairs).ifPresent(a -> out.put(key(s, pairs), a));
        return out;
    }

    /** {@link #measure(LoadedModel, BooleanSupplier, Runnable, boolean)} with the first pass. */
    public void measure(LoadedModel model, BooleanSupplier cancelled, Runnable onResult) {
        measure(model, cancelled, onResult, true);
    }

    /**
     * Estimates every setting (unless {@code estimateFirst} is false: figures measured earlier are shown meanwhile),
     * then measures every setting in order, calling {@code onResult} after each. Once {@code cancelled} says so it
     * stops within a sequence, dropping the setting in progress.
     */
    public void measure(LoadedModel model, BooleanSupplier cancelled, Runnable onResult, boolean estimateFirst) {
        try {
            if (estimateFirst && estimateSequences() > 0) pass(model, estimateSequences(), estimate, cancelled, onResult);
            pass(model, sequences, accuracy, cancelled, onResult);
        } catch (CancellationException stopped) {
            // stopped within a setting, which stays unmeasured
        }
    }

    private static void pass(LoadedModel model, int sequences, Map<String, Double> into, BooleanSupplier cancelled, Runnable onResult) {
        IntConsumer stopWhenCancelled = done -> {
            if (cancelled.getAsBoolean()) throw new CancellationException("recall measurement cancelled");
        };
        for (String s : SETTINGS)
            for (int pairs : PAIRS) {
                if (cancelled.getAsBoolean()) throw new CancellationException("recall measurement cancelled");
                double a = RecallEvaluator.evaluate(model, pairs, sequences, SEED, ablations(s), WORKERS, stopWhenCancelled).accuracy();
                into.put(key(s, pairs), a);
                onResult.run();
            }
    }
}
