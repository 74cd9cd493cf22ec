package org.gsaexplorer.model.backend;

import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.RecurrentState;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.LayerProbe;
import org.gsaexplorer.model.probe.ProbeSpec;

import java.util.Map;

/**
 * What every CPU session shares: the recurrent state in {@link RecurrentState}'s layout (so save and restore are
 * copies, and a state moves between backends), the position, the ablations, token checks, and the split of a run at
 * a state reset. Subclasses only compute the forward pass of a run of tokens.
 */
public abstract class CpuSession implements GsaSession {
    protected final GsaConfig c;
    protected Ablations ablations = Ablations.NONE;
    protected int position;
    /** Per layer: key slots [Hkv][M][dk], value slots [Hkv][M][dv], short-conv history of q, k, v ([C][W−1]). */
    protected float[][] keySlots, valueSlots, conv;

    protected CpuSession(GsaConfig c) {
        this.c = c;
        reset();
    }

    /** Runs {@code ids} from the current state (chunked over time when {@code chunked}); must not touch position. */
    protected abstract ForwardResult forward(int[] ids, ProbeSpec probes, boolean chunked);

    /** The result of a run that started at the current position; advances the position past it. */
    protected final ForwardResult advance(int[] ids, float[] logits, Map<Integer, LayerProbe> probes) {
        ForwardResult r = new ForwardResult(ids.clone(), position, c.vocabSize(), logits, probes);
        position += ids.length;
        return r;
    }

    @Override public GsaConfig config() { return c; }
    @Override public Ablations ablations() { return ablations; }
    @Override public int position() { return position; }

    @Override
    public void setAblations(Ablations a) {
        if (a.meanDecay()) throw new GsaException("decay=mean must be resolved over a prompt before it is applied (MeanDecay.resolve)");
        a.check(c);
        this.ablations = a;
    }

    @Override
    public void reset() {
        clearState();
        position = 0;
    }

    private void clearState() {
        int l = c.numLayers(), hkv = c.numKvHeads(), m = c.numSlots();
        keySlots = new float[l][hkv * m * c.headKDim()];
        valueSlots = new float[l][hkv * m * c.headVDim()];
        conv = new float[l][c.useShortConv() ? (c.keyDim() + c.kvKeyDim() + c.kvValueDim()) * (c.convSize() - 1) : 0];
    }

    @Override
    public RecurrentState saveState() {
        return new RecurrentState(position, keySlots, valueSlots, conv).copy();
    }

    @Override
    public void restoreState(RecurrentState s) {
        if (s.keySlots().length != c.numLayers() || s.keySlots()[0].length != keySlots[0].length
                || s.valueSlots()[0].length != valueSlots[0].length || s.convState()[0].length != conv[0].length)
            throw new GsaException("saved state does not belong to this model (layer, slot or conv sizes differ)");
        RecurrentState copy = s.copy();
        keySlots = copy.keySlots();
        valueSlots = copy.valueSlots();
        conv = copy.convState();
        position = s.position();
    }

    @Override
    public ForwardResult step(int id, ProbeSpec probes) {
        return run(new int[]{id}, probes, false);
    }

    @Override
    public ForwardResult prefill(int[] ids, ProbeSpec probes) {
        return run(ids, probes, true);
    }

    @Override
    public void close() {
    }

    private ForwardResult run(int[] ids, ProbeSpec probes, boolean chunked) {
        ResetSplit.checkIds(ids, c.vocabSize());
        return ResetSplit.run(ids, position, ablations.resetAt(), (piece, resetFirst) -> {
            if (resetFirst) clearState();
            return forward(piece, probes, chunked);
        });
    }
}
