package org.gsaexplorer.model.recall;

/**
 * One multi-query associative recall sequence: {@code k1 v1 … kN vN q1 a1 … qQ aQ}. The model is scored at each
 * query key: its next-token prediction there must be the value bound to that key.
 *
 * @param pairs          N, the number of key→value pairs stored first
 * @param ids            the token ids (keys 0..127, values 128..255)
 * @param queryPositions positions holding a query key (2N, 2N+2, …)
 * @param expected       the value bound to the key at each query position (the token that follows it)
 */
public record MqarSequence(int pairs, int[] ids, int[] queryPositions, int[] expected) {

    public int queries() {
        return queryPositions.length;
    }

    /** The key asked for by query {@code j}. */
    public int queryKey(int j) {
        return ids[queryPositions[j]];
    }

    /** Where the pair of {@code key} was stored (its key's position in the first 2N tokens), or −1. */
    public int pairPosition(int key) {
        for (int i = 0; i < pairs; i++) if (ids[2 * i] == key) return 2 * i;
        return -1;
    }
}
