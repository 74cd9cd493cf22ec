package org.gsaexplorer.model.report;

import org.gsaexplorer.model.report.Finding.Kind;
import org.gsaexplorer.model.weights.Checkpoint;
import org.gsaexplorer.model.weights.DType;
import org.gsaexplorer.model.weights.SafeTensorsWriter;
import org.gsaexplorer.model.weights.Tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * Copies a trained checkpoint (current FLA layout, no short conv) with forget-gate defects planted in chosen slots.
 * <p>
 * One embedding dimension j, the one carrying least, becomes a control channel: it holds the constant {@value #C} for
 * every token (a few times that dimension's usual values, yet small next to a row's norm, so RMSNorm barely rescales
 * the other dimensions); every weight that read it loses that column and every weight that wrote it loses that row,
 * so it stays C through all layers and nothing else sees it. A planted slot's f_proj row (row head · M + slot) then
 * reads only dimension j, with a large weight: f ≫ 0 gives α = 1 to float precision and no writes (dead), f ≪ 0 gives
 * α ≈ 0 (amnesic). A frozen slot (layer 0 only, where the input is the embedding itself) needs a few writes: there the
 * newline token's value of j is lowered so that its f is 3 (write weight ≈ 0.006) while every other token's f is at
 * least 15 (write weight below 1e-7), so mean α stays above 0.999 for text with under 16 % newlines.
 */
final class PlantedDefects {
    record Plant(int layer, int head, int slot, Kind kind) {
    }

    static final float C = 0.1f;
    static final int TRIGGER = '\n';
    private static final double FROZEN_LOW = 15, FROZEN_AT_TRIGGER = 3, STRONG = 500, STRONG_DEEP = 5000;

    private PlantedDefects() {
    }

    static Path write(Path src, Path dst, List<Plant> plants) {
        try (Checkpoint ck = Checkpoint.open(src)) {
            Files.createDirectories(dst);
            for (String f : List.of("config.json", "tokenizer.json")) Files.copy(src.resolve(f), dst.resolve(f));
            int d = ck.config().hiddenSize(), m = ck.config().numSlots();
            double eps = ck.config().normEps();
            float[] emb = ck.embeddings().toFloatArray();
            int j = quietestColumn(emb, d);
            float g0 = ck.layers()[0].attnNorm().toFloatArray()[j];
            double minScale = Double.MAX_VALUE; // smallest C·g/rms over tokens other than the trigger, in layer 0
            for (int t = 0; t < emb.length / d; t++) {
                emb[t * d + j] = C;
                if (t != TRIGGER) minScale = Math.min(minScale, C * g0 / rms(emb, t, d, eps));
            }
            double frozenWeight = FROZEN_LOW / minScale;
            emb[TRIGGER * d + j] = valueGiving(FROZEN_AT_TRIGGER / frozenWeight, emb, TRIGGER, d, j, g0, eps);
            SafeTensorsWriter w = new SafeTensorsWriter();
            for (Tensor t : ck.tensors().values().stream().sorted(Comparator.comparing(Tensor::name)).toList()) {
                String n = t.name();
                float[] data = n.equals("model.embeddings.weight") ? emb : t.toFloatArray();
                int cols = (int) t.shape()[t.shape().length - 1];
                if (n.matches(".*(q_proj|k_proj|v_proj|f_proj|gate_proj|up_proj)\\.weight|lm_head\\.weight"))
                    for (int r = 0; r < data.length / cols; r++) data[r * cols + j] = 0;
                if (n.matches(".*(o_proj|down_proj)\\.weight")) java.util.Arrays.fill(data, j * cols, (j + 1) * cols, 0f);
                for (Plant p : plants) {
                    if (!n.equals("model.layers." + p.layer + ".attn.f_proj.weight")) continue;
                    int row = p.head * m + p.slot;
                    java.util.Arrays.fill(data, row * cols, (row + 1) * cols, 0f);
                    data[row * cols + j] = (float) weight(p, frozenWeight);
                }
                w.put(n, DType.F32, data, t.shape());
            }
            try (OutputStream out = Files.newOutputStream(dst.resolve("model.safetensors"))) {
                w.write(out);
            }
            return dst;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double weight(Plant p, double frozenWeight) {
        double strong = p.layer == 0 ? STRONG : STRONG_DEEP; // deeper layers see a larger residual, so a smaller C/rms
        return switch (p.kind) {
            case DEAD_SLOT -> strong;
            case AMNESIC_SLOT -> -strong;
            case FROZEN_SLOT -> {
                if (p.layer != 0) throw new IllegalArgumentException("frozen slots are planted in layer 0 only");
                yield frozenWeight;
            }
            default -> throw new IllegalArgumentException("cannot plant " + p.kind);
        };
    }

    private static int quietestColumn(float[] emb, int d) {
        double[] sq = new double[d];
        for (int i = 0; i < emb.length; i++) sq[i % d] += emb[i] * emb[i];
        int best = 0;
        for (int c = 1; c < d; c++) if (sq[c] < sq[best]) best = c;
        return best;
    }

    private static double rms(float[] emb, int t, int d, double eps) {
        double s = 0;
        for (int i = 0; i < d; i++) s += emb[t * d + i] * emb[t * d + i];
        return Math.sqrt(s / d + eps);
    }

    /** The value x of dimension j that makes row t's normed entry x·g/rms equal v (the other entries fixed). */
    private static float valueGiving(double v, float[] emb, int t, int d, int j, double g, double eps) {
        double others = 0;
        for (int i = 0; i < d; i++) if (i != j) others += emb[t * d + i] * emb[t * d + i];
        // x²g² = v²(others + x²)/d + v²ε  ⇒  x = v·√((others/d + ε) / (g² − v²/d))
        return (float) (v * Math.sqrt((others / d + eps) / (g * g - v * v / d)));
    }
}
