package org.gsaexplorer.model.recall;

import org.gsaexplorer.model.ablation.Ablations;

/**
 * Recall accuracy over many sequences with the same number of pairs.
 *
 * @param correctPerSequence queries answered right in each sequence, in generation order
 * @param queriesPerSequence queries in every sequence ((128 − 2N) / 2)
 */
public record RecallReport(int pairs, Ablations ablations, long seed, int[] correctPerSequence, int queriesPerSequence) {

    public int sequences() {
        return correctPerSequence.length;
    }

    public long correct() {
        long n = 0;
        for (int c : correctPerSequence) n += c;
        return n;
    }

    public long total() {
        return (long) queriesPerSequence * sequences();
    }

    /** Fraction of all queries answered right. */
    public double accuracy() {
        return total() == 0 ? 0 : (double) correct() / total();
    }
}
