package org.gsaexplorer.model;

/**
 * A snapshot of a session's recurrent state after {@code position} tokens: per layer the key slots K̃ [Hkv][M][dk],
 * the value slots Ṽ [Hkv][M][dv] and, with short convolutions, the last W−1 raw q, k, v projections
 * ([C_q + C_k + C_v][W−1], oldest first). Backend-neutral, so a state saved on one backend restores on another.
 * Treat the arrays as read-only; sessions copy on save and restore.
 */
public record RecurrentState(int position, float[][] keySlots, float[][] valueSlots, float[][] convState) {

    public RecurrentState copy() {
        return new RecurrentState(position, deep(keySlots), deep(valueSlots), deep(convState));
    }

    private static float[][] deep(float[][] a) {
        float[][] out = new float[a.length][];
        for (int i = 0; i < a.length; i++) out[i] = a[i] == null ? null : a[i].clone();
        return out;
    }

    /** Bytes of recurrent state per sequence (fp32), the figure GSA keeps constant in context length. */
    public long bytes() {
        long n = 0;
        for (float[][] group : new float[][][]{keySlots, valueSlots, convState})
            for (float[] a : group) n += a == null ? 0 : a.length;
        return 4 * n;
    }
}
