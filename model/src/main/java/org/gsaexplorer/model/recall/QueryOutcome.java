package org.gsaexplorer.model.recall;

/**
 * The model's answer to one query.
 *
 * @param index     the query's number j (0-based)
 * @param position  the position of the query key in the sequence
 * @param key       the query key's id
 * @param expected  the value bound to the key
 * @param predicted argmax of the next-token logits at {@code position}
 */
public record QueryOutcome(int index, int position, int key, int expected, int predicted) {
    public boolean correct() {
        return predicted == expected;
    }
}
