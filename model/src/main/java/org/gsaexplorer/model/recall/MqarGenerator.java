package org.gsaexplorer.model.recall;

import org.gsaexplorer.model.error.GsaException;

import java.util.random.RandomGenerator;

/**
 * Draws MQAR sequences in the format of the sample's task.json: N pairs with distinct keys (ids 0..127) and values
 * drawn independently (ids 128..255, repeats allowed), then (128 − 2N) / 2 queries whose keys are successive random
 * permutations of the N keys (the last one cut short), each followed by its value. 128 tokens, no special tokens.
 */
public final class MqarGenerator {
    public static final int SEQ_LEN = 128;
    public static final int KEYS = 128;
    public static final int VALUE_BASE = 128;
    public static final int VALUES = 128;
    /** 64 pairs would fill all 128 tokens and leave no room for a query. */
    public static final int MAX_PAIRS = SEQ_LEN / 2 - 1;

    private MqarGenerator() {
    }

    /** Throws a one-line GsaException naming {@code what} (e.g. the CLI option) unless 1 ≤ pairs ≤ {@link #MAX_PAIRS}. */
    public static void checkPairs(int pairs, String what) {
        if (pairs < 1 || pairs > MAX_PAIRS)
            throw new GsaException(what + " " + pairs + ": must be 1.." + MAX_PAIRS + " (the " + SEQ_LEN
                    + "-token sequence needs room for the pairs and at least one query)");
    }

    public static MqarSequence generate(int pairs, RandomGenerator rng) {
        checkPairs(pairs, "pairs");
        int[] keys = sample(KEYS, pairs, rng);
        int[] values = new int[pairs];
        for (int i = 0; i < pairs; i++) values[i] = VALUE_BASE + rng.nextInt(VALUES);
        int[] ids = new int[SEQ_LEN];
        for (int i = 0; i < pairs; i++) {
            ids[2 * i] = keys[i];
            ids[2 * i + 1] = values[i];
        }
        int queries = (SEQ_LEN - 2 * pairs) / 2;
        int[] positions = new int[queries], expected = new int[queries];
        int[] order = new int[pairs];
        for (int j = 0; j < queries; j++) {
            if (j % pairs == 0) order = sample(pairs, pairs, rng);
            int pair = order[j % pairs], pos = 2 * pairs + 2 * j;
            ids[pos] = keys[pair];
            ids[pos + 1] = values[pair];
            positions[j] = pos;
            expected[j] = values[pair];
        }
        return new MqarSequence(pairs, ids, positions, expected);
    }

    /** {@code count} distinct numbers from 0..n−1 in random order (a partial Fisher–Yates shuffle). */
    private static int[] sample(int n, int count, RandomGenerator rng) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        for (int i = 0; i < count; i++) {
            int j = i + rng.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return java.util.Arrays.copyOf(all, count);
    }
}
