package org.gsaexplorer.model.probe;

import org.gsaexplorer.model.error.GsaException;

import java.util.List;
import java.util.Map;
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

    private NumericGuard() {
    }

    /** Throws a {@link GsaException} like "non-finite value (NaN) in layer 1 readout at token 17, head 0, slot 5". */
    public static void check(ForwardResult r) {
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
                            throw fail(v, "layer " + p.layer() + " " + f.name, token,
                                    (f.kv ? "kv head " : "head ") + i / p.slots() + ", slot " + i % p.slots());
                    }
                }
            }
            for (int i = 0; i < r.vocab(); i++) {
                float v = r.logits()[t * r.vocab() + i];
                if (!Float.isFinite(v)) throw fail(v, "logits", token, "token id " + i);
            }
        }
    }

    private static GsaException fail(float v, String where, int token, String at) {
        String kind = Float.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";
        return new GsaException("non-finite value (" + kind + ") in " + where + " at token " + token + ", " + at);
    }
}
