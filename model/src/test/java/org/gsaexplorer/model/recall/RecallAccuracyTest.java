package org.gsaexplorer.model.recall;

import com.fasterxml.jackson.databind.JsonNode;
import org.gsaexplorer.model.ablation.Ablations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped sample against FLA: the same predictions on task.json's examples, and the held-out accuracy. */
class RecallAccuracyTest {
    static SampleModel sample;

    @BeforeAll
    static void load() {
        sample = new SampleModel();
    }

    @AfterAll
    static void close() {
        sample.close();
    }

    @Test
    void predictionsMatchFlaOnTheTaskExamples() {
        for (JsonNode ex : SampleModel.task().get("examples")) {
            int[] ids = SampleModel.ints(ex.get("input_ids")), flaNext = SampleModel.ints(ex.get("model_next"));
            MqarSequence seq = new MqarSequence(ex.get("n_pairs").asInt(), ids, SampleModel.ints(ex.get("query_positions")),
                    SampleModel.ints(ex.get("expected_next")));
            List<QueryOutcome> outcomes = RecallScorer.score(seq, org.gsaexplorer.model.run.TraceRunner.run(
                    sample.model, ids, false, Ablations.NONE, org.gsaexplorer.model.probe.ProbeSpec.NONE));
            int same = 0;
            for (QueryOutcome o : outcomes) if (o.predicted() == flaNext[o.index()]) same++;
            // FLA ran in TF32 on a GPU; a near-tie may flip, nothing more
            assertTrue(same >= outcomes.size() - 1, same + " of " + outcomes.size() + " predictions agree with FLA");
            assertEquals(ex.get("correct").asInt(), RecallScorer.correct(outcomes), 1);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 32})
    void heldOutAccuracyMatchesFla(int pairs) {
        double fla = SampleModel.task().get("eval_heldout").get("accuracy").get("N" + pairs).asDouble();
        RecallReport r = RecallEvaluator.evaluate(sample.model, pairs, 1000, 20_240_000 + pairs, Ablations.NONE);
        assertEquals(1000, r.sequences());
        assertEquals(1000L * (128 - 2 * pairs) / 2, r.total());
        assertEquals(fla, r.accuracy(), 0.02, "N" + pairs + ": ours " + r.accuracy() + ", FLA " + fla);
    }
}
