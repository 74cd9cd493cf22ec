package org.gsaexplorer.visualizer.language;

import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.eval.TokenLoss;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.LayerProbe;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.recall.SlotProvenance;
import org.gsaexplorer.model.run.MeanDecay;
import org.gsaexplorer.model.run.TraceRunner;
import org.gsaexplorer.visualizer.derive.SlotMath;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What the language tour says about one text, computed from one run of the model over its bytes with every layer
 * probed: the loss of each byte, each head's median slot half-life, what the slots read at a closing bracket hold of
 * its opening bracket, and where the readout looks when a name comes back.
 *
 * @param bytes   the text's bytes (= token ids)
 * @param nats    loss of byte t + 1 given bytes 0..t, for t = 0..T−2
 * @param heads   every (layer, kv head), in layer and head order
 * @param bracket the bracket pair the tour shows, or null when the text has none
 * @param repeat  the repeated name the tour shows, or null when no name comes back
 */
public record LanguageFindings(int[] bytes, double[] nats, List<HeadMemory> heads, BracketRead bracket, RepeatRead repeat) {
    /** Slots listed at a closing bracket. */
    static final int TOP_SLOTS = 3;
    /** Bytes a pair must span for the tour to show it (a "()" just read is in every slot anyway). */
    static final int MIN_BRACKET_SPAN = 8;
    /** Bytes a name needs to count as a repeated name (shorter ones, like "i" or "in", repeat by chance). */
    static final int MIN_NAME = 3;
    private static final double LN2 = Math.log(2);

    /** How long a head's slots hold their content: the median over bytes and slots of ln 0.5 / ln α. */
    public record HeadMemory(int layer, int kvHead, double medianHalfLife) {
    }

    /**
     * At the closing byte of {@code pair}, the slots that query head {@code head} of {@code layer} reads most
     * ({@code slots}, with their readout weights), and the share of those slots' content written at the opening byte;
     * {@code evenShare} is the share an even spread over the bytes so far would give.
     */
    public record BracketRead(TextPatterns.Pair pair, int layer, int head, int[] slots, float[] readout, double openingShare,
                              double evenShare) {
    }

    /**
     * Where the name comes back: bits per byte on its bytes after the first at its first and second occurrence, and at
     * the second occurrence's first byte, the query head whose implicit attention puts most weight on the first
     * occurrence's bytes ({@code mass}; {@code evenMass} for an even spread over the bytes so far).
     */
    public record RepeatRead(TextPatterns.Repeat repeat, double firstBits, double secondBits, int layer, int head, double mass,
                             double evenMass) {
    }

    /** Runs {@code model} over {@code bytes} with every layer probed and reads the findings off the probes. */
    public static LanguageFindings measure(LoadedModel model, int[] bytes) {
        GsaConfig c = model.config();
        ForwardResult r = TraceRunner.run(model, bytes, false, Ablations.NONE, ProbeSpec.all(c.numLayers()));
        double[] nats = nats(r, bytes);
        List<HeadMemory> heads = new ArrayList<>();
        for (int l = 0; l < c.numLayers(); l++)
            for (int h = 0; h < c.numKvHeads(); h++) heads.add(new HeadMemory(l, h, medianHalfLife(r.probes().get(l), h)));
        BracketRead bracket = TextPatterns.pairs(bytes).stream().filter(p -> p.span() >= MIN_BRACKET_SPAN)
                .map(p -> bracketRead(r, c, p)).max(Comparator.comparingDouble(BracketRead::openingShare)).orElse(null);
        RepeatRead repeat = TextPatterns.repeats(bytes, MIN_NAME).stream().map(n -> repeatRead(r, c, nats, n))
                .max(Comparator.comparingDouble(x -> x.mass() / x.evenMass())).orElse(null);
        return new LanguageFindings(bytes, nats, List.copyOf(heads), bracket, repeat);
    }

    /** Bits per byte of {@code model} on {@code bytes} run from the empty state with {@code ablations}. */
    public static double bitsPerByte(LoadedModel model, int[] bytes, Ablations ablations) {
        ForwardResult r = TraceRunner.run(model, bytes, false, MeanDecay.resolve(model, bytes, ablations), ProbeSpec.NONE);
        return mean(nats(r, bytes)) / LN2;
    }

    public double bitsPerByte() {
        return mean(nats) / LN2;
    }

    /** The position of the byte predicted worst (≥ 1: the first byte is never predicted). */
    public int hardest() {
        int worst = 0;
        for (int i = 1; i < nats.length; i++) if (nats[i] > nats[worst]) worst = i;
        return worst + 1;
    }

    /** Bits the model spent on byte {@code t} (t ≥ 1). */
    public double bits(int t) {
        return nats[t - 1] / LN2;
    }

    public HeadMemory longest() {
        return heads.stream().max(Comparator.comparingDouble(HeadMemory::medianHalfLife)).orElseThrow();
    }

    public HeadMemory shortest() {
        return heads.stream().min(Comparator.comparingDouble(HeadMemory::medianHalfLife)).orElseThrow();
    }

    static double[] nats(ForwardResult r, int[] bytes) {
        double[] out = new double[bytes.length - 1];
        for (int t = 0; t + 1 < bytes.length; t++) out[t] = TokenLoss.nats(r.logits(), t, r.vocab(), bytes[t + 1]);
        return out;
    }

    private static double mean(double[] xs) {
        return Arrays.stream(xs).average().orElse(Double.NaN);
    }

    static double medianHalfLife(LayerProbe p, int kvHead) {
        double[] h = new double[p.tokens() * p.slots()];
        for (int t = 0; t < p.tokens(); t++)
            for (int m = 0; m < p.slots(); m++) h[t * p.slots() + m] = SlotMath.halfLife(p.alpha()[p.kvIndex(t, kvHead, m)]);
        Arrays.sort(h);
        int n = h.length;
        return n % 2 == 1 ? h[n / 2] : (h[n / 2 - 1] + h[n / 2]) / 2;
    }

    /** The query head that keeps most of the opening bracket in the slots it reads at the closing one. */
    static BracketRead bracketRead(ForwardResult r, GsaConfig c, TextPatterns.Pair pair) {
        BracketRead best = null;
        int t = pair.close();
        for (int l = 0; l < c.numLayers(); l++) {
            LayerProbe p = r.probes().get(l);
            for (int h = 0; h < c.numHeads(); h++) {
                int base = p.qIndex(t, h, 0);
                int[] slots = IntStream.range(0, c.numSlots()).boxed()
                        .sorted(Comparator.comparingDouble((Integer m) -> -p.readout()[base + m]).thenComparingInt(m -> m))
                        .limit(TOP_SLOTS).mapToInt(Integer::intValue).toArray();
                float[] readout = new float[slots.length];
                double opening = 0, all = 0;
                for (int i = 0; i < slots.length; i++) {
                    readout[i] = p.readout()[base + slots[i]];
                    float[] w = SlotProvenance.weights(p, h / c.groups(), slots[i], t);
                    opening += w[pair.open()];
                    for (float x : w) all += x;
                }
                double share = all > 0 ? opening / all : 0;
                if (best == null || share > best.openingShare())
                    best = new BracketRead(pair, l, h, slots, readout, share, 1.0 / (t + 1));
            }
        }
        return best;
    }

    /** Implicit attention of each query head at the second occurrence's first byte, summed over the first occurrence. */
    static RepeatRead repeatRead(ForwardResult r, GsaConfig c, double[] nats, TextPatterns.Repeat n) {
        int t = n.second();
        RepeatRead best = null;
        for (int l = 0; l < c.numLayers(); l++) {
            LayerProbe p = r.probes().get(l);
            for (int h = 0; h < c.numHeads(); h++) {
                double mass = 0;
                for (int m = 0; m < c.numSlots(); m++) {
                    float[] w = SlotProvenance.weights(p, h / c.groups(), m, t);
                    double pm = p.readout()[p.qIndex(t, h, m)];
                    for (int s = n.first(); s < n.first() + n.length(); s++) mass += pm * w[s];
                }
                if (best == null || mass > best.mass())
                    best = new RepeatRead(n, nameBits(nats, n.first(), n.length()), nameBits(nats, n.second(), n.length()), l, h, mass,
                            (double) n.length() / (t + 1));
            }
        }
        return best;
    }

    /** Mean bits on bytes start + 1 .. start + length − 1 (each predicted from the byte before it). */
    private static double nameBits(double[] nats, int start, int length) {
        double sum = 0;
        for (int i = 1; i < length; i++) sum += nats[start + i - 1];
        return sum / (length - 1) / LN2;
    }
}
