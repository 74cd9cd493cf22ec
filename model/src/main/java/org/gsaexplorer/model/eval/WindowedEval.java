package org.gsaexplorer.model.eval;

import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.run.MeanDecay;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.ProbeSpec;

import java.util.function.IntConsumer;

/**
 * Bits per token of a model over a token stream, read in windows as language models are evaluated: window i covers
 * tokens [W·i, W·i + W + 1) for every i with W·i + W + 1 ≤ N, runs from the empty state over its first W tokens and
 * predicts its last W. Windows are independent, so they run in parallel; the sum is taken in window order, so the
 * figure does not depend on the number of workers.
 */
public final class WindowedEval {
    public record Result(int windows, int window, long predicted, double nats) {
        public double bitsPerToken() {
            return nats / predicted / Math.log(2);
        }
    }

    private WindowedEval() {
    }

    /** Windows of {@code window} tokens that {@code n} tokens hold. */
    public static int windows(int n, int window) {
        return n < window + 1 ? 0 : (n - 1) / window;
    }

    public static Result evaluate(LoadedModel model, int[] tokens, int window, Ablations ablations, int workers,
                                  IntConsumer progress) {
        if (window < 1) throw new GsaException("window " + window + ": must be at least 1");
        int count = windows(tokens.length, window), vocab = model.config().vocabSize();
        if (count == 0)
            throw new GsaException(tokens.length + " tokens are too few for one window of " + window + " (need " + (window + 1) + ")");
        double[] nats = new double[count];
        SessionWorkers.run("evaluation", model, count, workers, (s, i) -> {
            int[] ids = new int[window];
            System.arraycopy(tokens, i * window, ids, 0, window);
            s.setAblations(MeanDecay.resolve(model, ids, ablations));
            ForwardResult r = s.prefill(ids, ProbeSpec.NONE);
            double sum = 0;
            for (int t = 0; t < window; t++) sum += TokenLoss.nats(r.logits(), t, vocab, tokens[i * window + t + 1]);
            nats[i] = sum;
        }, progress);
        double total = 0;
        for (double x : nats) total += x;
        return new Result(count, window, (long) count * window, total);
    }
}
