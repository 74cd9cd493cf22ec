package org.gsaexplorer.visualizer.session;

import org.gsaexplorer.model.generate.Sampler;
import org.gsaexplorer.model.probe.NumericGuard;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.RecurrentState;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.run.MeanDecay;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.LayerProbe;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.tokenizer.GsaTokenizer;
import org.gsaexplorer.visualizer.derive.SlotMath;

import java.util.Arrays;

/**
 * One run of a token sequence through a model with fixed ablations: the head session (at the end of the sequence), a
 * scratch session for going back, the per-token table, the windowed probes and the saved states. Used only on the
 * engine lane.
 */
final class Track implements AutoCloseable {
    private final LoadedModel model;
    private final GsaConfig c;
    private final GsaTokenizer tokenizer;
    private final ProbeSpec all;
    private final long probeBudget;
    private final int maxCheckpoints;
    private final GsaSession head, scratch;
    // one String per vocabulary entry, shared by every occurrence (a long session would otherwise keep one per token)
    private final String[] texts;
    private Ablations requested = Ablations.NONE;
    private TokenTable tokens;
    private ProbeStore probes;
    private StateCheckpoints checkpoints;
    private double[] lastLogProbs;
    private float[] lastLogits;

    Track(LoadedModel model, GsaTokenizer tokenizer, long probeBudget, int maxCheckpoints) {
        this.model = model;
        this.c = model.config();
        this.tokenizer = tokenizer;
        this.all = ProbeSpec.all(c.numLayers());
        this.probeBudget = probeBudget;
        this.maxCheckpoints = maxCheckpoints;
        this.texts = new String[c.vocabSize()];
        this.head = model.newSession();
        this.scratch = model.newSession();
        clear();
    }

    private void clear() {
        tokens = new TokenTable(c.numLayers(), c.numHeads());
        probes = new ProbeStore(c.numLayers(), c.numKvHeads(), c.numHeads(), c.numSlots(), probeBudget);
        checkpoints = new StateCheckpoints(ProbeStore.BLOCK, maxCheckpoints);
        head.reset();
        lastLogProbs = null;
        lastLogits = null;
    }

    int computed() {
        return tokens.count();
    }

    Ablations ablations() {
        return requested;
    }

    int[] ids() {
        return tokens.view().ids();
    }

    /** Switches ablations and re-runs the tokens so far (the model stays loaded). */
    void setAblations(Ablations a, int cursor) {
        a.check(model.config()); // an intervention the model cannot take leaves the track as it was
        requested = a;
        reset(ids(), cursor);
    }

    /** Replaces the sequence by {@code ids}; decay=mean is resolved over them. */
    void reset(int[] ids, int cursor) {
        Ablations resolved = requested.meanDecay() && ids.length == 0 ? requested.withMeanDecay(false)
                : MeanDecay.resolve(model, ids, requested);
        head.setAblations(resolved);
        scratch.setAblations(resolved);
        clear();
        extend(ids, cursor);
    }

    /**
     * Runs {@code ids} after the current end; saves states at the checkpoint spacing. A run that produces NaN or Inf is
     * refused with the layer, token, head and slot of the first one, and the session is put back where it was, so a
     * non-finite value is never rendered and the table and the session stay in step.
     */
    void extend(int[] ids, int cursor) {
        int pos = 0;
        while (pos < ids.length) {
            int at = head.position();
            int spacing = checkpoints.spacing();
            int end = Math.min(ids.length, pos + (spacing - at % spacing));
            RecurrentState before = head.saveState();
            ForwardResult r = end - pos == 1 ? head.step(ids[pos], all) : head.prefill(Arrays.copyOfRange(ids, pos, end), all);
            try {
                NumericGuard.check(r);
            } catch (GsaException e) {
                head.restoreState(before);
                throw e;
            }
            record(r, cursor);
            if (checkpoints.wants(head.position())) checkpoints.save(head.saveState());
            pos = end;
        }
    }

    private void record(ForwardResult r, int cursor) {
        int hq = c.numHeads(), hkv = c.numKvHeads(), m = c.numSlots();
        float[] entropyPerHead = new float[hq];
        float[] p = new float[m];
        for (int i = 0; i < r.tokens(); i++) {
            int id = r.ids()[i];
            float loss = lastLogProbs == null ? Float.NaN : (float) -lastLogProbs[id];
            float[] logits = r.logitsAt(i);
            double[] lp = SlotMath.logSoftmax(logits);
            double h = 0;
            for (double x : lp) h -= Math.exp(x) * x;
            int[] top = Sampler.topIndices(logits, TokenTable.TOP_K);
            float[] probs = new float[top.length];
            for (int k = 0; k < top.length; k++) probs[k] = (float) Math.exp(lp[top[k]]);
            int t = tokens.count();
            if (texts[id] == null) texts[id] = tokenizer.token(id);
            tokens.append(id, texts[id], loss, (float) h, top, probs);
            probes.put(t, r.probes(), i, cursor);
            for (int l = 0; l < c.numLayers(); l++) {
                LayerProbe lpb = r.probes().get(l);
                double sum = 0;
                for (int j = 0; j < hkv * m; j++) sum += lpb.alpha()[i * hkv * m + j];
                for (int hh = 0; hh < hq; hh++) {
                    System.arraycopy(lpb.readout(), lpb.qIndex(i, hh, 0), p, 0, m);
                    entropyPerHead[hh] = (float) SlotMath.entropy(p);
                }
                tokens.setLayerSummary(t, l, (float) (sum / (hkv * m)), entropyPerHead);
            }
            lastLogProbs = lp;
            lastLogits = logits;
        }
    }

    /** The prediction after the last token (logits), or null for an empty sequence. */
    float[] lastLogits() {
        return lastLogits;
    }

    /** Keeps the first {@code n} tokens and brings the head session back to position n. */
    void truncate(int n) {
        if (n >= computed()) return;
        int[] ids = ids();
        tokens.truncate(n);
        probes.truncate(n);
        checkpoints.truncate(n);
        if (n == 0) {
            head.reset();
            lastLogProbs = null;
            lastLogits = null;
            return;
        }
        restore(head, n - 1, ids);
        ForwardResult r = head.step(ids[n - 1], ProbeSpec.NONE);
        lastLogits = r.logitsAt(0);
        lastLogProbs = SlotMath.logSoftmax(lastLogits);
    }

    /** Puts {@code s} at position p: the nearest saved state at or below p, then the tokens in between. */
    private void restore(GsaSession s, int p, int[] ids) {
        RecurrentState saved = checkpoints.floor(p);
        if (saved == null) s.reset();
        else s.restoreState(saved);
        if (s.position() < p) s.prefill(Arrays.copyOfRange(ids, s.position(), p), ProbeSpec.NONE);
    }

    /** The recurrent state after the first {@code p} tokens. */
    RecurrentState stateAt(int p) {
        if (p == head.position()) return head.saveState();
        restore(scratch, p, ids());
        return scratch.saveState();
    }

    /** Recomputes dropped probe blocks that cover tokens [t0, t1). */
    void ensureProbes(int t0, int t1, int cursor) {
        int[] ids = null;
        for (int b = Math.max(0, t0) / ProbeStore.BLOCK; b * ProbeStore.BLOCK < Math.min(t1, computed()); b++) {
            int start = b * ProbeStore.BLOCK;
            if (probes.has(start)) continue;
            if (ids == null) ids = ids();
            int end = Math.min(start + ProbeStore.BLOCK, computed());
            restore(scratch, start, ids);
            ForwardResult r = scratch.prefill(Arrays.copyOfRange(ids, start, end), all);
            probes.putBlock(b, r.probes(), end - start, cursor);
        }
    }

    TrackView view() {
        return new TrackView(requested, tokens.view(), probes.view(computed()));
    }

    /** Memory held for this run's history: probe blocks, saved states and the per-token table. */
    MemoryUse memory() {
        return new MemoryUse(probes.presentBlocks() * probes.blockBytes(), probes.maxBlocks() * probes.blockBytes(),
                checkpoints.bytes(), checkpoints.count(), checkpoints.spacing());
    }

    @Override
    public void close() {
        head.close();
        scratch.close();
    }
}
