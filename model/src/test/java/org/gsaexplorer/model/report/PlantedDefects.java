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
 * <p>
 * Readout defects (layer 0 only, no grouped-query attention) take a second channel j2, the next quietest, holding C
 * for every token but the newline, where it holds −C. The planted slot's f_proj row reads only j2: α = 1 (no write)
 * on every token but the newline, α ≈ 0 there, so the slot holds the last newline's key (mean α about 0.98: not
 * frozen, not amnesic, not dead). One key coordinate i0 of its head reads only j2, k[i0] = X on every token but the
 * newline and −X there, so k̂[i0] = SiLU(k[i0]) is X except at newlines, where it is 0: every other slot's key row
 * gets about X in coordinate i0 as it fills, the planted slot's stays 0. The head's query coordinate i0 reads only j
 * (unlowered at newlines: no frozen plant in the same checkpoint): q̂[i0] = Q > 0 puts the score ⟨K̃, q̂⟩ of every
 * filled slot about X·Q above the planted slot's, which is then never read (unread_slot); q̂[i0] near SiLU's minimum
 * −0.278 puts every filled slot far below it, so the head reads (almost) only the planted slot (readout_collapse),
 * and its other slots, which no query head reads any more, are unread. Heads that forget fast fill their slots within a few tokens, so the effect
 * holds from the start of each window.
 */
final class PlantedDefects {
    record Plant(int layer, int head, int slot, Kind kind) {
    }

    static final float C = 0.1f;
    static final int TRIGGER = '\n';
    private static final double FROZEN_LOW = 15, FROZEN_AT_TRIGGER = 3, STRONG = 500, STRONG_DEEP = 5000;
    /**
     * The readout plants' key coordinate value X and query value Q at the median token (unread: X·Q = 500; collapse:
     * X = 1000 with q̂ between −0.14 and −0.278 while the token's scale is within 0.5 to 2.3 times the median). Both
     * scale with each token's 1/rms, so the margin is wide enough for tokens far from the median.
     */
    private static final double UNREAD_KEY = 20, UNREAD_QUERY = 25, COLLAPSE_KEY = 1000, SILU_MIN_AT = -1.278;

    private PlantedDefects() {
    }

    static Path write(Path src, Path dst, List<Plant> plants) {
        try (Checkpoint ck = Checkpoint.open(src)) {
            Files.createDirectories(dst);
            for (String f : List.of("config.json", "tokenizer.json")) Files.copy(src.resolve(f), dst.resolve(f));
            int d = ck.config().hiddenSize(), m = ck.config().numSlots(), dk = ck.config().headKDim();
            double eps = ck.config().normEps();
            float[] emb = ck.embeddings().toFloatArray();
            int[] quiet = quietestColumns(emb, d);
            int j = quiet[0];
            boolean readout = plants.stream().anyMatch(PlantedDefects::readoutPlant);
            int j2 = readout ? quiet[1] : -1;
            if (readout && ck.config().groups() != 1) throw new IllegalArgumentException("readout plants need one query head per kv head");
            float g0 = ck.layers()[0].attnNorm().toFloatArray()[j];
            double minScale = Double.MAX_VALUE; // smallest C·g/rms over tokens other than the trigger, in layer 0
            for (int t = 0; t < emb.length / d; t++) {
                emb[t * d + j] = C;
                if (readout) emb[t * d + j2] = t == TRIGGER ? -C : C;
            }
            for (int t = 0; t < emb.length / d; t++) if (t != TRIGGER) minScale = Math.min(minScale, C * g0 / rms(emb, t, d, eps));
            // the median normed value of j and of j2 over the tokens in layer 0: what one unit of weight on them gives
            float[] norm0 = ck.layers()[0].attnNorm().toFloatArray();
            double sj = medianScale(emb, d, j, norm0[j], eps), sj2 = readout ? medianScale(emb, d, j2, norm0[j2], eps) : 0;
            double frozenWeight = FROZEN_LOW / minScale;
            boolean frozen = plants.stream().anyMatch(p -> p.kind == Kind.FROZEN_SLOT);
            // the readout plants' queries read j at every token, newlines included, so they cannot share it with a frozen plant
            if (frozen && readout) throw new IllegalArgumentException("frozen and readout defects are planted in separate checkpoints");
            if (frozen) emb[TRIGGER * d + j] = valueGiving(FROZEN_AT_TRIGGER / frozenWeight, emb, TRIGGER, d, j, g0, eps);
            SafeTensorsWriter w = new SafeTensorsWriter();
            for (Tensor t : ck.tensors().values().stream().sorted(Comparator.comparing(Tensor::name)).toList()) {
                String n = t.name();
                float[] data = n.equals("model.embeddings.weight") ? emb : t.toFloatArray();
                int cols = (int) t.shape()[t.shape().length - 1];
                for (int c : readout ? new int[]{j, j2} : new int[]{j}) {
                    if (n.matches(".*(q_proj|k_proj|v_proj|f_proj|gate_proj|up_proj)\\.weight|lm_head\\.weight"))
                        for (int r = 0; r < data.length / cols; r++) data[r * cols + c] = 0;
                    if (n.matches(".*(o_proj|down_proj)\\.weight")) java.util.Arrays.fill(data, c * cols, (c + 1) * cols, 0f);
                }
                for (Plant p : plants) {
                    String attn = "model.layers." + p.layer + ".attn.";
                    if (readoutPlant(p)) {
                        if (p.layer != 0) throw new IllegalArgumentException("readout defects are planted in layer 0 only");
                        // the head's last key coordinate serves as i0
                        int i0 = p.head * dk + dk - 1;
                        boolean collapse = p.kind == Kind.READOUT_COLLAPSE;
                        if (n.equals(attn + "f_proj.weight")) setRow(data, cols, p.head * m + p.slot, j2, STRONG / sj2);
                        if (n.equals(attn + "k_proj.weight")) setRow(data, cols, i0, j2, (collapse ? COLLAPSE_KEY : UNREAD_KEY) / sj2);
                        if (n.equals(attn + "q_proj.weight")) setRow(data, cols, i0, j, (collapse ? SILU_MIN_AT : UNREAD_QUERY) / sj);
                    } else if (n.equals(attn + "f_proj.weight")) {
                        setRow(data, cols, p.head * m + p.slot, j, weight(p, frozenWeight));
                    }
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

    static boolean readoutPlant(Plant p) {
        return p.kind == Kind.UNREAD_SLOT || p.kind == Kind.READOUT_COLLAPSE;
    }

    /** Row {@code row} of a [rows, cols] weight reads only column {@code col}, with weight {@code w}. */
    private static void setRow(float[] data, int cols, int row, int col, double w) {
        java.util.Arrays.fill(data, row * cols, (row + 1) * cols, 0f);
        data[row * cols + col] = (float) w;
    }

    /**
     * The normed value layer 0 sees in a column holding C: the median over tokens of C·g/rms(x[t]), signed as the
     * norm's weight g is (a negative g turns the channel's sign round).
     */
    private static double medianScale(float[] emb, int d, int col, double g, double eps) {
        int n = emb.length / d;
        double[] v = new double[n];
        for (int t = 0; t < n; t++) v[t] = Math.abs(C * g / rms(emb, t, d, eps));
        java.util.Arrays.sort(v);
        return Math.signum(g) * v[n / 2];
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

    /** The embedding columns in order of their sum of squares, quietest first. */
    private static int[] quietestColumns(float[] emb, int d) {
        double[] sq = new double[d];
        for (int i = 0; i < emb.length; i++) sq[i % d] += emb[i] * emb[i];
        return java.util.stream.IntStream.range(0, d).boxed().sorted(java.util.Comparator.comparingDouble(c -> sq[c]))
                .mapToInt(Integer::intValue).toArray();
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
