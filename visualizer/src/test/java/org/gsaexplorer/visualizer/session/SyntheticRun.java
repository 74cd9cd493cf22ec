package org.gsaexplorer.visualizer.session;

import org.gsaexplorer.model.generate.Sampler;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.config.FeatureMap;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.probe.LayerProbe;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/** Random probe data of any model shape, for rendering benchmarks without running a model. */
public final class SyntheticRun {
    private SyntheticRun() {
    }

    public static ExplorerSnapshot snapshot(int layers, int heads, int slots, int tokens, long seed, int cursor, Selection sel) {
        GsaConfig c = new GsaConfig(heads * 64, layers, heads, heads, slots, 1, 1, FeatureMap.SWISH, 8, false, 4, true,
                1e-6, heads * 64 * 4, "swish", false, 1024, null, null, null);
        Random r = new Random(seed);
        TokenTable tt = new TokenTable(layers, heads);
        ProbeStore ps = new ProbeStore(layers, heads, heads, slots, Long.MAX_VALUE / 4);
        for (int t = 0; t < tokens; t++) {
            LayerProbe[] one = new LayerProbe[layers];
            for (int l = 0; l < layers; l++) {
                LayerProbe p = LayerProbe.allocate(l, 1, heads, heads, slots);
                for (int i = 0; i < heads * slots; i++) {
                    float a = (float) Math.pow(r.nextFloat(), 0.08);
                    p.alpha()[i] = a;
                    p.write()[i] = 1 - a;
                    p.keyNorm()[i] = r.nextFloat();
                    p.valueNorm()[i] = r.nextFloat();
                    p.readoutLogits()[i] = (float) r.nextGaussian();
                }
                for (int h = 0; h < heads; h++) {
                    double z = 0;
                    for (int m = 0; m < slots; m++) z += Math.exp(p.readoutLogits()[h * slots + m]);
                    for (int m = 0; m < slots; m++) p.readout()[h * slots + m] = (float) (Math.exp(p.readoutLogits()[h * slots + m]) / z);
                }
                one[l] = p;
                tt.append(0, "w" + t % 97, 0, 0, new int[TokenTable.TOP_K], new float[TokenTable.TOP_K]);
                break;
            }
            for (int l = 1; l < layers; l++) one[l] = one[0];
            Map<Integer, LayerProbe> m = new java.util.HashMap<>();
            for (int l = 0; l < layers; l++) m.put(l, one[l]);
            ps.put(t, m, 0, t);
            for (int l = 0; l < layers; l++) tt.setLayerSummary(t, l, 0.9f, new float[heads]);
        }
        ModelInfo info = new ModelInfo(Path.of("synthetic"), c, "synthetic", "random probes", true, id -> "w" + id, false);
        TrackView tv = new TrackView(Ablations.NONE, tt.view(), ps.view(tokens));
        return new ExplorerSnapshot(1, info, "", cursor, tv, null, null, sel, Sampler.GREEDY, false, 0, null, null, 0,
                new MemoryUse(0, 0, 0, 0, 0), new Scoring(null, null, tokens));
    }

    /** The same data at another cursor (a scrub step). */
    public static ExplorerSnapshot at(ExplorerSnapshot s, int cursor, long version) {
        return new ExplorerSnapshot(version, s.model(), s.prompt(), cursor, s.main(), s.baseline(), s.state(), s.selection(),
                s.sampler(), false, 0, null, null, 0, s.memory(), s.scoring());
    }
}
