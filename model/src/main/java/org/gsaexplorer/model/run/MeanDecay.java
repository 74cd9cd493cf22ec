package org.gsaexplorer.model.run;

import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.LayerProbe;
import org.gsaexplorer.model.probe.ProbeSpec;

/**
 * Resolves {@code decay=mean}: runs the prompt once without ablations and replaces each slot's gate by its mean α over
 * the prompt (per layer, kv head and slot), giving a data-independent decay with the model's own time scales.
 */
public final class MeanDecay {
    private MeanDecay() {
    }

    public static Ablations resolve(LoadedModel model, int[] prompt, Ablations ablations) {
        if (!ablations.meanDecay()) return ablations;
        GsaConfig c = model.config();
        ForwardResult r;
        try (GsaSession s = model.newSession()) {
            r = s.prefill(prompt, ProbeSpec.all(c.numLayers()));
        }
        int hkv = c.numKvHeads(), m = c.numSlots();
        float[] table = new float[c.numLayers() * hkv * m];
        for (int l = 0; l < c.numLayers(); l++) {
            LayerProbe p = r.probes().get(l);
            for (int t = 0; t < p.tokens(); t++)
                for (int h = 0; h < hkv; h++)
                    for (int i = 0; i < m; i++) table[(l * hkv + h) * m + i] += p.alpha()[p.kvIndex(t, h, i)] / p.tokens();
        }
        return ablations.withDecayTable(table);
    }
}
