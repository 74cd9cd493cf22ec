package org.gsaexplorer.model.recall;

import org.gsaexplorer.model.probe.ForwardResult;

import java.util.ArrayList;
import java.util.List;

/** Scores a forward over an MQAR sequence: at each query position, argmax of the next-token logits vs the bound value. */
public final class RecallScorer {
    private RecallScorer() {
    }

    public static List<QueryOutcome> score(MqarSequence seq, ForwardResult r) {
        if (r.startPosition() != 0 || r.tokens() != seq.ids().length)
            throw new IllegalArgumentException("the forward must cover the whole sequence from position 0");
        List<QueryOutcome> out = new ArrayList<>(seq.queries());
        for (int j = 0; j < seq.queries(); j++) {
            int pos = seq.queryPositions()[j];
            out.add(new QueryOutcome(j, pos, seq.queryKey(j), seq.expected()[j], argmax(r.logits(), pos * r.vocab(), r.vocab())));
        }
        return out;
    }

    public static int correct(List<QueryOutcome> outcomes) {
        return (int) outcomes.stream().filter(QueryOutcome::correct).count();
    }

    /** The first index of the largest value (ties go to the lower id, as torch.argmax does). */
    static int argmax(float[] a, int off, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) if (a[off + i] > a[off + best]) best = i;
        return best;
    }
}
