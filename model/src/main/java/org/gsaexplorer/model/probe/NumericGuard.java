package org.gsaexplorer.model.probe;

import org.gsaexplorer.model.error.GsaException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Refuses a forward result holding NaN or ±Inf, naming where it first appeared: the earliest token, within it the
 * lowest layer and that layer's arrays in the order they are computed, then the logits. A non-finite value usually
 * spreads from there to everything after it, so the first one is the one worth reporting.
 */
public final class NumericGuard {
    private record Field(String name, boolean kv, Function<LayerProbe, float[]> data) {
    }

    private static final List<Field> FIELDS = List.of(
            new Field("alpha", true, LayerProbe::alpha), new Field("write", true, LayerProbe::write),
            new Field("key_norm", true, LayerProbe::keyNorm), new Field("value_norm", true, LayerProbe::valueNorm),
            new Field("readout_logits", false, LayerProbe::readoutLogits), new Field("readout", false, LayerProbe::readout));

    /**
     * The first non-finite value of a result.
     *
     * @param token  position in the sequence ({@code startPosition} + index in the result)
     * @param layer  the layer, or -1 for the logits
     * @param array  the probe array's trace name ("alpha", "readout", ...) or "logits"
     * @param kvHead whether {@code head} is a kv head (gate and memory arrays) or a query head (readout arrays)
     * @param head   the head, or -1 for the logits
     * @param index  the slot, or the token id for the logits
     */
    public record NonFinite(int token, int layer, String array, boolean kvHead, int head, int index, float value) {
        public String kind() {
            return Float.isNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf";
        }

        /** e.g. "layer 1 readout at token 17, head 0, slot 5". */
        public String where() {
            if (layer < 0) return "logits at token " + token + ", token id " + index;
            return "layer " + layer + " " + array + " at token " + token + ", " + (kvHead ? "kv head " : "head ") + head + ", slot " + index;
        }
    }

    private NumericGuard() {
    }

    /** Throws a {@link GsaException} like "non-finite value (NaN) in layer 1 readout at token 17, head 0, slot 5". */
    public static void check(ForwardResult r) {
        Optional<NonFinite> bad = find(r);
        if (bad.isPresent()) throw new GsaException("non-finite value (" + bad.get().kind() + ") in " + bad.get().where());
    }

    /** Where the first non-finite value of {@code r} is, in the order described above. */
    public static Optional<NonFinite> find(ForwardResult r) {
        Map<Integer, LayerProbe> layers = new TreeMap<>(r.probes());
        for (int t = 0; t < r.tokens(); t++) {
            int token = r.startPosition() + t;
            for (LayerProbe p : layers.values()) {
                for (Field f : FIELDS) {
                    int heads = f.kv ? p.kvHeads() : p.queryHeads();
                    float[] a = f.data.apply(p);
                    int base = t * heads * p.slots();
                    for (int i = 0; i < heads * p.slots(); i++) {
                        float v = a[base + i];
                        if (!Float.isFinite(v))
                            return Optional.of(new NonFinite(token, p.layer(), f.name, f.kv, i / p.slots(), i % p.slots(), v));
                    }
                }
            }
            for (int i = 0; i < r.vocab(); i++) {
                float v = r.logits()[t * r.vocab() + i];
                if (!Float.isFinite(v)) return Optional.of(new NonFinite(token, -1, "logits", false, -1, i, v));
            }
        }
        return Optional.empty();
    }
}
