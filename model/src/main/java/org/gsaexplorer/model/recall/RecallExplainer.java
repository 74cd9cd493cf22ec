package org.gsaexplorer.model.recall;

import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.run.MeanDecay;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.LayerProbe;
import org.gsaexplorer.model.probe.ProbeSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** Runs one MQAR sequence with all layers probed and explains each query through the slots its readout used. */
public final class RecallExplainer {
    private RecallExplainer() {
    }

    /**
     * @param topSlots  slots kept per layer and head (largest readout weight first)
     * @param topTokens earlier tokens kept per slot (largest provenance weight first)
     */
    public static RecallExplanation explain(LoadedModel model, MqarSequence seq, Ablations ablations, int topSlots, int topTokens) {
        GsaConfig c = model.config();
        ForwardResult r;
        try (GsaSession s = model.newSession()) {
            s.setAblations(MeanDecay.resolve(model, seq.ids(), ablations));
            r = s.prefill(seq.ids(), ProbeSpec.all(c.numLayers()));
        }
        List<QueryExplanation> out = new ArrayList<>();
        for (QueryOutcome o : RecallScorer.score(seq, r)) {
            List<SlotRead> reads = new ArrayList<>();
            for (int l = 0; l < c.numLayers(); l++)
                for (int h = 0; h < c.numHeads(); h++) reads.addAll(reads(r.probes().get(l), h, c.groups(), o.position(), seq.ids(), topSlots, topTokens));
            out.add(new QueryExplanation(o, List.copyOf(reads)));
        }
        return new RecallExplanation(seq, ablations, r, List.copyOf(out));
    }

    private static List<SlotRead> reads(LayerProbe p, int head, int groups, int t, int[] ids, int topSlots, int topTokens) {
        float[] readout = p.readout();
        int base = p.qIndex(t, head, 0);
        return top(p.slots(), topSlots, m -> readout[base + m]).mapToObj(m -> {
            float[] w = SlotProvenance.weights(p, head / groups, m, t);
            List<TokenWeight> tokens = top(t + 1, topTokens, s -> w[s]).mapToObj(s -> new TokenWeight(s, ids[s], w[s])).toList();
            return new SlotRead(p.layer(), head, m, readout[base + m], tokens);
        }).toList();
    }

    /** Indices 0..n−1 of the k largest values, largest first (ties: lower index first). */
    private static IntStream top(int n, int k, java.util.function.IntToDoubleFunction value) {
        return IntStream.range(0, n).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -value.applyAsDouble(i)).thenComparingInt(i -> i))
                .limit(k).mapToInt(Integer::intValue);
    }
}
