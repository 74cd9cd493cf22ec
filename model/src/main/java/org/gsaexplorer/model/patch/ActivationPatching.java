package org.gsaexplorer.model.patch;

import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.RecurrentState;
import org.gsaexplorer.model.StateRegion;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.eval.Parallelism;
import org.gsaexplorer.model.generate.Sampler;
import org.gsaexplorer.model.probe.ProbeSpec;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Activation patching on the recurrent state. A clean and a corrupted prompt of the same length run to token T; for
 * each component of the chosen grain, the corrupted run's state after token T−1 has that component replaced by the
 * clean run's, and the corrupted run continues over its own tokens T.. from there. How much of the clean answer comes
 * back, (patched − corrupt) / (clean − corrupt) on the metric logit(answer) − logit(foil) at the last position, says
 * how much the prediction depends on what that component holds at T. Components are independent reruns
 * ({@link PatchReruns}): a backend that runs a batch as one (the GPU) takes up to 64 of them as one batch, the others run
 * them on sessions on several threads; a state moves between backends, so this works on every backend. Ablations and
 * interventions, when given, apply to every run (clean, corrupt and patched) alike.
 */
public final class ActivationPatching {
    /** What to patch: two prompts of one length, the token T whose preceding state is patched, grain and layers. */
    public record Spec(int[] clean, int[] corrupt, int at, PatchGrain grain, int[] layers, Integer answer, Integer foil) {
    }

    private ActivationPatching() {
    }

    public static PatchResult run(LoadedModel model, Spec spec, int workers, IntConsumer progress) {
        return run(model, spec, Ablations.NONE, workers, progress);
    }

    /**
     * @param ablations applied to every run; decay=mean must be resolved first ({@link org.gsaexplorer.model.run.MeanDecay})
     * @param workers   sessions on threads of their own, where the model does not run a batch as one
     */
    public static PatchResult run(LoadedModel model, Spec spec, Ablations ablations, int workers, IntConsumer progress) {
        return run(model, spec, ablations, Parallelism.of(model), workers, progress);
    }

    /** As above, with the reruns shared out {@code way} (the same effects either way). */
    public static PatchResult run(LoadedModel model, Spec spec, Ablations ablations, Parallelism way, int workers, IntConsumer progress) {
        var c = model.config();
        ablations.check(c);
        int n = spec.clean().length;
        if (spec.corrupt().length != n)
            throw new GsaException("clean and corrupt prompts must have the same length (" + n + " and " + spec.corrupt().length + " tokens)");
        if (Arrays.equals(spec.clean(), spec.corrupt())) throw new GsaException("clean and corrupt prompts are identical: there is no difference to explain");
        if (spec.at() < 1 || spec.at() >= n)
            throw new GsaException("--at " + spec.at() + ": must be between 1 and " + (n - 1) + " (the state after token at−1 is patched, then tokens at.. run)");
        for (int l : spec.layers())
            if (l < 0 || l >= c.numLayers()) throw new GsaException("layer " + l + " is outside 0.." + (c.numLayers() - 1));
        for (Integer id : new Integer[]{spec.answer(), spec.foil()})
            if (id != null && (id < 0 || id >= c.vocabSize())) throw new GsaException("token id " + id + " is outside the vocabulary 0.." + (c.vocabSize() - 1));

        Run clean = Run.of(model, ablations, spec.clean(), spec.at()), corrupt = Run.of(model, ablations, spec.corrupt(), spec.at());
        int answer = spec.answer() != null ? spec.answer() : Sampler.argmax(clean.last);
        int foil = spec.foil() != null ? spec.foil() : Sampler.argmax(corrupt.last);
        if (answer == foil)
            throw new GsaException("answer and foil are the same token (" + answer + "): pass --answer and --foil to compare two different tokens");
        double cleanMetric = metric(clean.last, answer, foil), corruptMetric = metric(corrupt.last, answer, foil);
        if (cleanMetric == corruptMetric)
            throw new GsaException("the clean and corrupt runs score the same on logit(" + answer + ") − logit(" + foil + "): nothing to restore");

        List<StateRegion> components = spec.grain().components(spec.layers(), c);
        int[] suffix = Arrays.copyOfRange(spec.corrupt(), spec.at(), n);
        double[] effects = new double[components.size()];
        new PatchReruns(corrupt.state, clean.state, components, suffix, ablations).run(model, way, workers,
                (i, last) -> effects[i] = (metric(last, answer, foil) - corruptMetric) / (cleanMetric - corruptMetric), progress);
        int[] layers = spec.grain() == PatchGrain.STATE ? new int[0] : spec.layers();
        return new PatchResult(spec.grain(), spec.at(), answer, foil, cleanMetric, corruptMetric, layers, c.numKvHeads(), c.numSlots(), effects);
    }

    private static double metric(float[] logits, int answer, int foil) {
        return (double) logits[answer] - logits[foil];
    }

    /** One prompt run in two parts: its state after token at−1, and its logits at the last position. */
    private record Run(RecurrentState state, float[] last) {
        static Run of(LoadedModel model, Ablations ablations, int[] ids, int at) {
            try (GsaSession s = model.newSession()) {
                s.setAblations(ablations);
                s.prefill(Arrays.copyOfRange(ids, 0, at), ProbeSpec.NONE);
                RecurrentState state = s.saveState();
                float[] last = s.prefill(Arrays.copyOfRange(ids, at, ids.length), ProbeSpec.NONE).logitsAt(ids.length - at - 1);
                return new Run(state, last);
            }
        }
    }
}
