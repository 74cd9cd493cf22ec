package org.gsaexplorer.model.probe;

import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.io.NpyArray;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The arrays of a trace file (the CLI contract): input_ids [T] int64, logits [T,V], layers [L'] int64 (which layers
 * were recorded), alpha / write / key_norm / value_norm [L',Hkv,T,M], readout / readout_logits [L',Hq,T,M], float32.
 */
public final class TraceArrays {
    private TraceArrays() {
    }

    public static Map<String, NpyArray> of(GsaConfig c, ForwardResult r, ProbeSpec probes) {
        int t = r.tokens(), m = c.numSlots();
        int[] layers = probes.layers();
        Map<String, NpyArray> out = new LinkedHashMap<>();
        out.put("input_ids", NpyArray.int64(r.ids(), t));
        out.put("logits", NpyArray.float32(r.logits(), t, r.vocab()));
        out.put("layers", NpyArray.int64(layers, layers.length));
        put(out, "alpha", r, layers, c.numKvHeads(), t, m, LayerProbe::alpha);
        put(out, "write", r, layers, c.numKvHeads(), t, m, LayerProbe::write);
        put(out, "key_norm", r, layers, c.numKvHeads(), t, m, LayerProbe::keyNorm);
        put(out, "value_norm", r, layers, c.numKvHeads(), t, m, LayerProbe::valueNorm);
        put(out, "readout", r, layers, c.numHeads(), t, m, LayerProbe::readout);
        put(out, "readout_logits", r, layers, c.numHeads(), t, m, LayerProbe::readoutLogits);
        return out;
    }

    /** Transposes each layer's token-major [T][H][M] into [H][T][M] and stacks the layers. */
    private static void put(Map<String, NpyArray> out, String name, ForwardResult r, int[] layers, int heads, int t, int m,
                            Function<LayerProbe, float[]> field) {
        float[] data = new float[layers.length * heads * t * m];
        for (int li = 0; li < layers.length; li++) {
            float[] src = field.apply(r.probes().get(layers[li]));
            for (int s = 0; s < t; s++)
                for (int h = 0; h < heads; h++)
                    System.arraycopy(src, (s * heads + h) * m, data, ((li * heads + h) * t + s) * m, m);
        }
        out.put(name, NpyArray.float32(data, layers.length, heads, t, m));
    }
}
