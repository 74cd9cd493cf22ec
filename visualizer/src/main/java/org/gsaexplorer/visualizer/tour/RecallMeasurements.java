package org.gsaexplorer.visualizer.tour;

import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.recall.RecallEvaluator;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The recall accuracies the tour quotes, measured on the loaded model: each setting (baseline and one ablation each)
 * at 8, 16 and 32 pairs over the same seeded sequences. Results arrive one by one, so the tour can show them as they
 * come.
 */
public final class RecallMeasurements {
    public static final List<String> SETTINGS = List.of("baseline", "no-forget", "slots=16", "slots=8", "decay=mean", "readout=relu");
    public static final int[] PAIRS = {8, 16, 32};
    static final long SEED = 7;

    private final int sequences;
    private final Map<String, Double> accuracy = new ConcurrentHashMap<>();

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

    public boolean complete() {
        return accuracy.size() == SETTINGS.size() * PAIRS.length;
    }

    /** Measures every setting in order, calling {@code onResult} after each; stops early when {@code cancelled}. */
    public void measure(LoadedModel model, BooleanSupplier cancelled, Runnable onResult) {
        for (String s : SETTINGS)
            for (int pairs : PAIRS) {
                if (cancelled.getAsBoolean()) return;
                accuracy.put(key(s, pairs), RecallEvaluator.evaluate(model, pairs, sequences, SEED, ablations(s)).accuracy());
                onResult.run();
            }
    }
}
