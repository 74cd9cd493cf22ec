package org.gsaexplorer.visualizer.session;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A readable multi-query associative recall prompt for the bundled sample: "k12 v40 k7 v3 ... " binds keys to values,
 * then the keys come back in a new order, each followed by its value. The model must recall each value at its key.
 */
public record MqarPrompt(String text, int pairs, int queries) {

    /** {@code pairs} distinct keys k0..k127 with values v0..v127, then {@code queries} recalls; seeded. */
    public static MqarPrompt generate(int pairs, int queries, long seed) {
        Random r = new Random(seed);
        List<Integer> keys = new ArrayList<>(), values = new ArrayList<>();
        for (int i = 0; i < 128; i++) {
            keys.add(i);
            values.add(i);
        }
        Collections.shuffle(keys, r);
        Collections.shuffle(values, r);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pairs; i++) sb.append('k').append(keys.get(i)).append(" v").append(values.get(i)).append(' ');
        List<Integer> order = new ArrayList<>();
        while (order.size() < queries) {
            List<Integer> perm = new ArrayList<>();
            for (int i = 0; i < pairs; i++) perm.add(i);
            Collections.shuffle(perm, r);
            order.addAll(perm);
        }
        for (int q = 0; q < queries; q++) {
            int i = order.get(q);
            sb.append('k').append(keys.get(i)).append(" v").append(values.get(i)).append(' ');
        }
        return new MqarPrompt(sb.toString().trim(), pairs, queries);
    }

    /** Tokens consumed when the cursor sits on the key of recall {@code q} (0-based): the model must now say its value. */
    public int cursorAtQuery(int q) {
        return 2 * pairs + 2 * q + 1;
    }
}
