package org.gsaexplorer.visualizer.derive;

import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.RecurrentState;
import org.gsaexplorer.model.backend.CpuWeights;
import org.gsaexplorer.model.backend.reference.ReferenceBackend;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.ops.Activations;
import org.gsaexplorer.model.ops.RmsNorm;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.LayerProbe;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.tokenizer.GsaTokenizer;
import org.gsaexplorer.model.weights.Checkpoint;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The implicit attention the explorer draws ({@link SlotMath#implicitAttention}, docs/gsa-forward.md §6) checked by
 * reconstruction on the trained Rust sample: Σ_s A[t][s]·v̂_s must equal the value pass's output
 * o_t = Σ_m p_t[m]·Ṽ_t[m] (before SiLU and the output norm) within 1e-5, for every token and head of every layer, from
 * an empty state. o_t is formed from the session's own value slots after token t and the recorded readout; v̂_s is
 * computed from the weights in layer 0 (SiLU of the normed embedding times W_v) and, in the deeper layers, from the
 * state's own update, v̂_s = (Ṽ_s[m] − α_s[m]·Ṽ_{s−1}[m]) / s_s[m] at the slot written most.
 */
class ImplicitAttentionReconstructionTest {
    static final Path RUST = sample("rust-docs-gsa").resolve("model");
    static final String TEXT = "fn main() {\n    let mut guess = String::new();\n    println!(\"{guess}\");\n}\n";

    static Path sample(String name) {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !p.resolve("samples").toFile().isDirectory()) p = p.getParent();
        if (p == null) throw new IllegalStateException("samples/ not found");
        return p.resolve("samples").resolve(name);
    }

    @Test
    void implicitAttentionTimesValuesIsTheValuePassOutput() {
        try (Checkpoint ck = Checkpoint.open(RUST); LoadedModel model = new ReferenceBackend().load(ck);
             GsaTokenizer tok = GsaTokenizer.forCheckpoint(RUST, ck.config().vocabSize())) {
            GsaConfig c = ck.config();
            int[] ids = tok.encode(TEXT);
            int n = ids.length, m = c.numSlots(), dv = c.headVDim(), hkv = c.numKvHeads(), g = c.groups();
            List<RecurrentState> states = new ArrayList<>();
            List<ForwardResult> parts = new ArrayList<>();
            try (GsaSession s = model.newSession()) {
                for (int id : ids) {
                    parts.add(s.step(id, ProbeSpec.all(c.numLayers())));
                    states.add(s.saveState());
                }
            }
            ForwardResult r = ForwardResult.concat(parts);
            float[][] layer0Values = layer0Values(ck, ids);
            double worst = 0;
            for (int l = 0; l < c.numLayers(); l++) {
                LayerProbe p = r.probes().get(l);
                for (int j = 0; j < c.numHeads(); j++) {
                    int h = SlotMath.kvHeadOf(j, g);
                    float[][] readout = new float[n][m], alpha = new float[n][m], write = new float[n][m];
                    for (int t = 0; t < n; t++)
                        for (int i = 0; i < m; i++) {
                            readout[t][i] = p.readout()[p.qIndex(t, j, i)];
                            alpha[t][i] = p.alpha()[p.kvIndex(t, h, i)];
                            write[t][i] = p.write()[p.kvIndex(t, h, i)];
                        }
                    float[][] a = SlotMath.implicitAttention(readout, alpha, write);
                    float[][] v = new float[n][];
                    for (int s = 0; s < n; s++)
                        v[s] = l == 0 ? java.util.Arrays.copyOfRange(layer0Values[s], h * dv, (h + 1) * dv)
                                : valueFromUpdate(states, l, h, s, alpha[s], write[s], m, dv);
                    for (int t = 0; t < n; t++) {
                        float[] value = states.get(t).valueSlots()[l];
                        for (int col = 0; col < dv; col++) {
                            double o = 0, rebuilt = 0;
                            for (int i = 0; i < m; i++) o += readout[t][i] * value[(h * m + i) * dv + col];
                            for (int s = 0; s <= t; s++) rebuilt += a[t][s] * v[s][col];
                            double err = Math.abs(rebuilt - o) / Math.max(1, Math.abs(o));
                            worst = Math.max(worst, err);
                            assertTrue(err < 1e-5, "layer " + l + " head " + j + " token " + t + " column " + col + ": Σ A·v = " + rebuilt + ", o = " + o);
                        }
                    }
                }
            }
            System.out.printf("implicit attention reconstructs o_t on %d tokens of the Rust sample, every layer and head: max error %.2e%n", n, worst);
        }
    }

    /** v̂ = SiLU(RMSNorm(E[id]; attn_norm)·W_vᵀ) for each token, all kv heads ([T][Hkv·dv]): layer 0's input is the embedding. */
    static float[][] layer0Values(Checkpoint ck, int[] ids) {
        GsaConfig c = ck.config();
        CpuWeights w = new CpuWeights(ck);
        int d = c.hiddenSize(), cv = c.kvValueDim();
        float[] x = new float[ids.length * d];
        for (int i = 0; i < ids.length; i++) w.embeddings.row(ids[i], x, i * d);
        float[] v = w.layers[0].v().times(RmsNorm.rows(x, ids.length, d, w.layers[0].attnNorm(), (float) c.normEps()), ids.length);
        float[][] rows = new float[ids.length][cv];
        for (int t = 0; t < ids.length; t++)
            for (int j = 0; j < cv; j++) rows[t][j] = Activations.silu(v[t * cv + j]);
        return rows;
    }

    /** v̂_s from the state's own update at the slot written most: Ṽ_s[m] = α_s[m]·Ṽ_{s−1}[m] + s_s[m]·v̂_s. */
    static float[] valueFromUpdate(List<RecurrentState> states, int l, int h, int s, float[] alpha, float[] write, int m, int dv) {
        int best = 0;
        for (int i = 1; i < m; i++) if (write[i] > write[best]) best = i;
        float[] now = states.get(s).valueSlots()[l], before = s == 0 ? new float[now.length] : states.get(s - 1).valueSlots()[l];
        float[] v = new float[dv];
        int off = (h * m + best) * dv;
        for (int j = 0; j < dv; j++) v[j] = (float) ((now[off + j] - (double) alpha[best] * before[off + j]) / write[best]);
        return v;
    }
}
