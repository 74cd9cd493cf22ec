package org.gsaexplorer.visualizer.recall;

/**
 * One step of the path a query's answer takes: the query reads a slot with readout weight p, and that slot holds an
 * earlier token with provenance weight w, so the token reaches the answer with weight p·w.
 *
 * @param layer    layer of the head that reads
 * @param head     query head that reads
 * @param slot     the slot read
 * @param readout  p, the readout weight on the slot
 * @param token    the held token's text
 * @param position the held token's position
 * @param held     w, the share of the slot's content written by that token
 * @param role     what the token is to this query: "answer" (the value bound to the key), "key" (the pair's key),
 *                 "query" (the query token itself) or "other"
 */
public record ReadPath(int layer, int head, int slot, double readout, String token, int position, double held, String role) {
    public double path() {
        return readout * held;
    }

    /** "L1 H0 slot 12", for the table's first column. */
    public String read() {
        return "L" + layer + " H" + head + " slot " + slot;
    }
}
