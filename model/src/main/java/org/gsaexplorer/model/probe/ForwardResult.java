package org.gsaexplorer.model.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a forward over tokens [startPosition, startPosition + T) produced: logits [T][V] (flat) and the probes of the
 * layers asked for.
 */
public record ForwardResult(int[] ids, int startPosition, int vocab, float[] logits, Map<Integer, LayerProbe> probes) {

    public int tokens() {
        return ids.length;
    }

    /** Logits of token t (relative to this result) as a new array. */
    public float[] logitsAt(int t) {
        float[] out = new float[vocab];
        System.arraycopy(logits, t * vocab, out, 0, vocab);
        return out;
    }

    /** Joins results of consecutive runs (e.g. a prefill followed by steps). */
    public static ForwardResult concat(List<ForwardResult> parts) {
        ForwardResult first = parts.getFirst();
        int t = parts.stream().mapToInt(ForwardResult::tokens).sum();
        int[] ids = new int[t];
        float[] logits = new float[t * first.vocab];
        int off = 0;
        Map<Integer, List<LayerProbe>> byLayer = new TreeMap<>();
        for (ForwardResult r : parts) {
            System.arraycopy(r.ids, 0, ids, off, r.tokens());
            System.arraycopy(r.logits, 0, logits, off * first.vocab, r.logits.length);
            off += r.tokens();
            r.probes.forEach((l, p) -> byLayer.computeIfAbsent(l, k -> new ArrayList<>()).add(p));
        }
        Map<Integer, LayerProbe> probes = new TreeMap<>();
        byLayer.forEach((l, ps) -> probes.put(l, ps.size() == 1 ? ps.getFirst() : LayerProbe.concat(ps)));
        return new ForwardResult(ids, first.startPosition, first.vocab, logits, probes);
    }
}
