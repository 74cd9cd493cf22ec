package org.gsaexplorer.model.eval;

/** Cross-entropy of next-token predictions, in double so long sums stay exact to the last digit printed. */
public final class TokenLoss {
    private TokenLoss() {
    }

    /** log Σ e^x over x[off, off + n), stable for any magnitude. */
    public static double logSumExp(float[] x, int off, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = off; i < off + n; i++) max = Math.max(max, x[i]);
        double sum = 0;
        for (int i = off; i < off + n; i++) sum += Math.exp(x[i] - max);
        return max + Math.log(sum);
    }

    /** −log p(target) for the logits of position t in flat [T][vocab] logits, in nats. */
    public static double nats(float[] logits, int t, int vocab, int target) {
        return logSumExp(logits, t * vocab, vocab) - logits[t * vocab + target];
    }
}
