package org.gsaexplorer.model.report;

import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.eval.TokenLoss;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.LayerProbe;
import org.gsaexplorer.model.probe.NumericGuard;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Corpus statistics of every slot, query head and slot readout of a model, fed window by window from probes and
 * mergeable: sums, maxima, fixed histograms ({@link Bins}) and per-window extremes, so memory is O(layers × heads ×
 * slots) whatever the corpus size and shards add up to one pass. Not thread-safe: one instance per worker, merged
 * afterwards. Non-finite values are counted and left out of every other figure (the first one is located through
 * {@link NumericGuard}); the quantities here are non-negative, so maxima start at 0.
 */
public final class SlotStatistics {
    final int layers, kvHeads, queryHeads, slots, vocab;
    long tokens, windows, predicted, nonFinite;
    double nats;
    /** The earliest non-finite value: its window and place there, or null. */
    FirstNonFinite firstNonFinite;

    /** Per kv slot, index (layer · Hkv + head) · M + slot. */
    final double[] sumWrite, maxWrite, sumAlpha, sumKeyNorm, maxKeyNorm, sumValueNorm, maxValueNorm;
    final long[] writeHist, alphaHist, halfLifeHist;
    /** Per query head and slot, index (layer · Hq + head) · M + slot. */
    final double[] sumReadout;
    final long[] argmaxCount;
    /** Per query head, index layer · Hq + head. */
    final double[] sumEntropy;

    /** Where each quantity's per-window mean was most extreme: the windows findings point to. */
    final WindowExtremes lowWrite, highWrite, lowAlpha, highAlpha, lowReadout, highReadout, lowEntropy;

    public record FirstNonFinite(int window, NumericGuard.NonFinite at) {
    }

    // the window being added: its sums, folded into the totals and extremes at endWindow
    private int window = -1, windowTokens;
    private double windowNats;
    private final double[] wWrite, wAlpha, wKeyNorm, wValueNorm, wReadout, wEntropy;

    public SlotStatistics(GsaConfig c) {
        this(c.numLayers(), c.numKvHeads(), c.numHeads(), c.numSlots(), c.vocabSize());
    }

    SlotStatistics(int layers, int kvHeads, int queryHeads, int slots, int vocab) {
        this.layers = layers;
        this.kvHeads = kvHeads;
        this.queryHeads = queryHeads;
        this.slots = slots;
        this.vocab = vocab;
        int kv = layers * kvHeads * slots, q = layers * queryHeads * slots, h = layers * queryHeads;
        sumWrite = new double[kv];
        maxWrite = new double[kv];
        sumAlpha = new double[kv];
        sumKeyNorm = new double[kv];
        maxKeyNorm = new double[kv];
        sumValueNorm = new double[kv];
        maxValueNorm = new double[kv];
        writeHist = new long[kv * Bins.UNIT];
        alphaHist = new long[kv * Bins.UNIT];
        halfLifeHist = new long[kv * Bins.HALF_LIFE];
        sumReadout = new double[q];
        argmaxCount = new long[q];
        sumEntropy = new double[h];
        lowWrite = new WindowExtremes(kv, false);
        highWrite = new WindowExtremes(kv, true);
        lowAlpha = new WindowExtremes(kv, false);
        highAlpha = new WindowExtremes(kv, true);
        lowReadout = new WindowExtremes(q, false);
        highReadout = new WindowExtremes(q, true);
        lowEntropy = new WindowExtremes(h, false);
        wWrite = new double[kv];
        wAlpha = new double[kv];
        wKeyNorm = new double[kv];
        wValueNorm = new double[kv];
        wReadout = new double[q];
        wEntropy = new double[h];
    }

    public void beginWindow(int index) {
        if (window >= 0) throw new IllegalStateException("window " + window + " was not ended");
        window = index;
    }

    /**
     * Adds a forward over part of the current window, probed on every layer; {@code targets[t]} is the token that
     * follows token t of {@code r}, whose loss is counted.
     */
    public void add(ForwardResult r, int[] targets) {
        if (window < 0) throw new IllegalStateException("no window begun");
        long bad = nonFinite;
        for (int l = 0; l < layers; l++) {
            LayerProbe p = r.probes().get(l);
            if (p == null) throw new IllegalArgumentException("layer " + l + " was not probed");
            addKv(p);
            addReadout(p);
        }
        for (int t = 0; t < r.tokens(); t++) {
            double n = TokenLoss.nats(r.logits(), t, vocab, targets[t]);
            if (Double.isFinite(n)) {
                windowNats += n;
                predicted++;
            } else {
                nonFinite++;
            }
        }
        windowTokens += r.tokens();
        if (nonFinite > bad && (firstNonFinite == null || firstNonFinite.window > window))
            NumericGuard.find(r).ifPresent(at -> firstNonFinite = new FirstNonFinite(window, at));
    }

    private void addKv(LayerProbe p) {
        int n = kvHeads * slots, base = p.layer() * n;
        float[] alpha = p.alpha(), write = p.write(), keyNorm = p.keyNorm(), valueNorm = p.valueNorm();
        for (int t = 0; t < p.tokens(); t++) {
            for (int j = 0, src = t * n; j < n; j++, src++) {
                int k = base + j;
                float s = write[src], a = alpha[src], kn = keyNorm[src], vn = valueNorm[src];
                if (Float.isFinite(s)) {
                    wWrite[k] += s;
                    if (s > maxWrite[k]) maxWrite[k] = s;
                    writeHist[k * Bins.UNIT + Bins.unit(s)]++;
                } else nonFinite++;
                if (Float.isFinite(a)) {
                    wAlpha[k] += a;
                    alphaHist[k * Bins.UNIT + Bins.unit(a)]++;
                    halfLifeHist[k * Bins.HALF_LIFE + Bins.halfLife(a)]++;
                } else nonFinite++;
                if (Float.isFinite(kn)) {
                    wKeyNorm[k] += kn;
                    if (kn > maxKeyNorm[k]) maxKeyNorm[k] = kn;
                } else nonFinite++;
                if (Float.isFinite(vn)) {
                    wValueNorm[k] += vn;
                    if (vn > maxValueNorm[k]) maxValueNorm[k] = vn;
                } else nonFinite++;
            }
        }
    }

    /** Readout weights, which slot each query head reads most, and the readout entropy −Σ p ln p in nats. */
    private void addReadout(LayerProbe p) {
        float[] readout = p.readout(), logits = p.readoutLogits();
        for (int t = 0; t < p.tokens(); t++) {
            for (int h = 0; h < queryHeads; h++) {
                int src = p.qIndex(t, h, 0), q = (p.layer() * queryHeads + h) * slots;
                double entropy = 0;
                int best = -1;
                boolean finite = true;
                for (int m = 0; m < slots; m++) {
                    float w = readout[src + m];
                    if (!Float.isFinite(logits[src + m])) nonFinite++;
                    if (!Float.isFinite(w)) {
                        nonFinite++;
                        finite = false;
                        continue;
                    }
                    wReadout[q + m] += w;
                    if (best < 0 || w > readout[src + best]) best = m;
                    if (w > 0) entropy -= w * Math.log(w);
                }
                if (best >= 0) argmaxCount[q + best]++;
                if (finite) wEntropy[p.layer() * queryHeads + h] += entropy;
            }
        }
    }

    /** Folds the current window into the totals and notes where its means are the most extreme so far. */
    public void endWindow() {
        if (window < 0) throw new IllegalStateException("no window begun");
        if (windowTokens > 0) {
            double n = windowTokens;
            for (int k = 0; k < sumWrite.length; k++) {
                lowWrite.offer(k, wWrite[k] / n, window);
                highWrite.offer(k, wWrite[k] / n, window);
                lowAlpha.offer(k, wAlpha[k] / n, window);
                highAlpha.offer(k, wAlpha[k] / n, window);
                sumWrite[k] += wWrite[k];
                sumAlpha[k] += wAlpha[k];
                sumKeyNorm[k] += wKeyNorm[k];
                sumValueNorm[k] += wValueNorm[k];
            }
            for (int k = 0; k < sumReadout.length; k++) {
                lowReadout.offer(k, wReadout[k] / n, window);
                highReadout.offer(k, wReadout[k] / n, window);
                sumReadout[k] += wReadout[k];
            }
            for (int k = 0; k < sumEntropy.length; k++) {
                lowEntropy.offer(k, wEntropy[k] / n, window);
                sumEntropy[k] += wEntropy[k];
            }
        }
        nats += windowNats;
        tokens += windowTokens;
        windows++;
        for (double[] a : new double[][]{wWrite, wAlpha, wKeyNorm, wValueNorm, wReadout, wEntropy}) java.util.Arrays.fill(a, 0);
        windowNats = 0;
        windowTokens = 0;
        window = -1;
    }

    /** Adds another shard's statistics (same model shape) to these. */
    public void merge(SlotStatistics o) {
        if (o.layers != layers || o.kvHeads != kvHeads || o.queryHeads != queryHeads || o.slots != slots)
            throw new IllegalArgumentException("statistics of different model shapes");
        if (window >= 0 || o.window >= 0) throw new IllegalStateException("a window is still open");
        tokens += o.tokens;
        windows += o.windows;
        predicted += o.predicted;
        nonFinite += o.nonFinite;
        nats += o.nats;
        if (o.firstNonFinite != null && (firstNonFinite == null || o.firstNonFinite.window < firstNonFinite.window))
            firstNonFinite = o.firstNonFinite;
        add(sumWrite, o.sumWrite);
        add(sumAlpha, o.sumAlpha);
        add(sumKeyNorm, o.sumKeyNorm);
        add(sumValueNorm, o.sumValueNorm);
        add(sumReadout, o.sumReadout);
        add(sumEntropy, o.sumEntropy);
        for (int k = 0; k < maxWrite.length; k++) {
            maxWrite[k] = Math.max(maxWrite[k], o.maxWrite[k]);
            maxKeyNorm[k] = Math.max(maxKeyNorm[k], o.maxKeyNorm[k]);
            maxValueNorm[k] = Math.max(maxValueNorm[k], o.maxValueNorm[k]);
        }
        add(writeHist, o.writeHist);
        add(alphaHist, o.alphaHist);
        add(halfLifeHist, o.halfLifeHist);
        add(argmaxCount, o.argmaxCount);
        lowWrite.merge(o.lowWrite);
        highWrite.merge(o.highWrite);
        lowAlpha.merge(o.lowAlpha);
        highAlpha.merge(o.highAlpha);
        lowReadout.merge(o.lowReadout);
        highReadout.merge(o.highReadout);
        lowEntropy.merge(o.lowEntropy);
    }

    private static void add(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) a[i] += b[i];
    }

    private static void add(long[] a, long[] b) {
        for (int i = 0; i < a.length; i++) a[i] += b[i];
    }

    public int layers() { return layers; }
    public int kvHeads() { return kvHeads; }
    public int queryHeads() { return queryHeads; }
    public int slots() { return slots; }
    /** Tokens run (each also predicted from, unless its loss was not finite). */
    public long tokens() { return tokens; }
    public long windows() { return windows; }
    public long nonFinite() { return nonFinite; }
    public FirstNonFinite firstNonFinite() { return firstNonFinite; }

    /** Mean cross-entropy of the next token, in bits. */
    public double bitsPerToken() {
        return nats / predicted / Math.log(2);
    }

    int kvIndex(int layer, int head, int slot) {
        return (layer * kvHeads + head) * slots + slot;
    }

    int qIndex(int layer, int head, int slot) {
        return (layer * queryHeads + head) * slots + slot;
    }

    /** The query heads that read kv head h (grouped-query attention: G = Hq / Hkv consecutive heads). */
    int[] readers(int kvHead) {
        int g = queryHeads / kvHeads;
        int[] out = new int[g];
        for (int i = 0; i < g; i++) out[i] = kvHead * g + i;
        return out;
    }

    /** The corpus window where kv slot (layer, head, slot) was written most, per window mean; −1 when none was run. */
    public int windowWrittenMost(int layer, int head, int slot) {
        return highWrite.window(kvIndex(layer, head, slot));
    }

    /** The corpus window where the slot's mean forget gate α was lowest: where it forgets most. */
    public int windowForgettingMost(int layer, int head, int slot) {
        return lowAlpha.window(kvIndex(layer, head, slot));
    }

    /** The corpus window where the slot's mean α was highest: where it keeps most. */
    public int windowKeepingMost(int layer, int head, int slot) {
        return highAlpha.window(kvIndex(layer, head, slot));
    }

    /** The corpus window where query head {@code queryHead} read the slot most. */
    public int windowReadMost(int layer, int queryHead, int slot) {
        return highReadout.window(qIndex(layer, queryHead, slot));
    }

    /**
     * Every window some per-window extreme points to: all the windows a finding can point to, whatever the thresholds,
     * and the windows above.
     */
    public SortedSet<Integer> extremeWindows() {
        SortedSet<Integer> out = new TreeSet<>();
        for (WindowExtremes e : List.of(lowWrite, highWrite, lowAlpha, highAlpha, lowReadout, highReadout, lowEntropy)) e.windows(out);
        if (firstNonFinite != null) out.add(firstNonFinite.window());
        return out;
    }

    public SlotSummary slot(int layer, int head, int slot) {
        int k = kvIndex(layer, head, slot);
        double n = tokens;
        int[] readers = readers(head);
        double[] readout = new double[readers.length], argmax = new double[readers.length];
        for (int i = 0; i < readers.length; i++) {
            int q = qIndex(layer, readers[i], slot);
            readout[i] = sumReadout[q] / n;
            argmax[i] = argmaxCount[q] / n;
        }
        return new SlotSummary(layer, head, slot, sumWrite[k] / n, maxWrite[k], sumAlpha[k] / n,
                Bins.medianHalfLife(halfLifeHist, k * Bins.HALF_LIFE), sumKeyNorm[k] / n, maxKeyNorm[k],
                sumValueNorm[k] / n, maxValueNorm[k], readers, readout, argmax,
                java.util.Arrays.copyOfRange(writeHist, k * Bins.UNIT, (k + 1) * Bins.UNIT),
                java.util.Arrays.copyOfRange(alphaHist, k * Bins.UNIT, (k + 1) * Bins.UNIT),
                java.util.Arrays.copyOfRange(halfLifeHist, k * Bins.HALF_LIFE, (k + 1) * Bins.HALF_LIFE));
    }

    public HeadSummary head(int layer, int head) {
        int q0 = qIndex(layer, head, 0), top = 0;
        double mass = 0;
        for (int m = 0; m < slots; m++) {
            mass += sumReadout[q0 + m];
            if (sumReadout[q0 + m] > sumReadout[q0 + top]) top = m;
        }
        return new HeadSummary(layer, head, head / (queryHeads / kvHeads), sumEntropy[layer * queryHeads + head] / tokens,
                top, mass > 0 ? sumReadout[q0 + top] / mass : Double.NaN);
    }
}
