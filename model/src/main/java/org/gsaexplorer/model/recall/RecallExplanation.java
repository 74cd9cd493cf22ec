package org.gsaexplorer.model.recall;

import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.probe.ForwardResult;

import java.util.List;

/** One MQAR sequence run with every layer probed: the forward, and per query the outcome and the slots it used. */
public record RecallExplanation(MqarSequence sequence, Ablations ablations, ForwardResult forward, List<QueryExplanation> queries) {

    public int correct() {
        return (int) queries.stream().filter(q -> q.outcome().correct()).count();
    }

    public double accuracy() {
        return queries.isEmpty() ? 0 : (double) correct() / queries.size();
    }
}
