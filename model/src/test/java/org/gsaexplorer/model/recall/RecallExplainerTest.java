package org.gsaexplorer.model.recall;

import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.probe.LayerProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecallExplainerTest {
    static SampleModel sample;
    static MqarSequence seq;
    static RecallExplanation ex;

    @BeforeAll
    static void run() {
        sample = new SampleModel();
        seq = MqarGenerator.generate(8, new SplittableRandom(11));
        ex = RecallExplainer.explain(sample.model, seq, Ablations.NONE, 3, 4);
    }

    @AfterAll
    static void close() {
        sample.close();
    }

    @Test
    void provenanceOfAHandMadeGate() {
        // one kv head, one slot, α = 0.5, 0.8, 0.9 and s = 1 − α: w_2 = 0.1, w_1 = 0.2·0.9, w_0 = 0.5·0.8·0.9
        LayerProbe p = LayerProbe.allocate(0, 3, 1, 1, 1);
        float[] a = {0.5f, 0.8f, 0.9f};
        for (int t = 0; t < 3; t++) {
            p.alpha()[t] = a[t];
            p.write()[t] = 1 - a[t];
        }
        assertArrayEquals(new float[]{0.36f, 0.18f, 0.1f}, SlotProvenance.weights(p, 0, 0, 2), 1e-6f);
        assertArrayEquals(new float[]{0.4f, 0.2f}, SlotProvenance.weights(p, 0, 0, 1), 1e-6f);
    }

    @Test
    void provenanceAndWhatIsLeftOfTheZeroStateSumToOne() {
        // with s = 1 − α the weights telescope: Σ_s w_s = 1 − Π_{r≤t} α_r
        LayerProbe p = ex.forward().probes().get(1);
        for (int m : new int[]{0, 17, 63}) {
            float[] w = SlotProvenance.weights(p, 1, m, 100);
            double sum = 0, keep = 1;
            for (int s = 0; s <= 100; s++) {
                sum += w[s];
                keep *= p.alpha()[p.kvIndex(s, 1, m)];
            }
            assertEquals(1.0, sum + keep, 1e-4);
        }
    }

    @Test
    void outcomesAreTheScorersAndEveryHeadReportsItsTopSlots() {
        assertEquals(seq.queries(), ex.queries().size());
        var c = sample.model.config();
        for (QueryExplanation q : ex.queries()) {
            assertEquals(seq.expected()[q.outcome().index()], q.outcome().expected());
            assertEquals(c.numLayers() * c.numHeads() * 3, q.slots().size());
            for (int l = 0; l < c.numLayers(); l++)
                for (int h = 0; h < c.numHeads(); h++) {
                    List<SlotRead> reads = q.slots(l, h);
                    assertEquals(3, reads.size());
                    LayerProbe p = ex.forward().probes().get(l);
                    float best = 0;
                    for (int m = 0; m < c.numSlots(); m++) best = Math.max(best, p.readout()[p.qIndex(q.outcome().position(), h, m)]);
                    assertEquals(best, reads.getFirst().readout());
                    assertTrue(reads.get(0).readout() >= reads.get(1).readout() && reads.get(1).readout() >= reads.get(2).readout());
                    for (SlotRead r : reads) {
                        assertEquals(4, r.remembers().size());
                        TokenWeight top = r.remembers().getFirst();
                        assertTrue(top.position() <= q.outcome().position());
                        assertEquals(seq.ids()[top.position()], top.id());
                        assertEquals(SlotProvenance.weights(p, h, r.slot(), q.outcome().position())[top.position()], top.weight());
                    }
                }
        }
        assertEquals(RecallScorer.correct(ex.queries().stream().map(QueryExplanation::outcome).toList()), ex.correct());
        assertTrue(ex.accuracy() > 0.9, "the sample recalls 8 pairs: " + ex.accuracy());
    }

    @Test
    void noForgetKeepsEveryWriteInTheSlot() {
        RecallExplanation nf = RecallExplainer.explain(sample.model, seq, Ablations.NONE.withNoForget(true), 1, 128);
        LayerProbe p = nf.forward().probes().get(0), base = ex.forward().probes().get(0);
        float[] w = SlotProvenance.weights(p, 0, 5, 127);
        // α = 1 leaves each token's own write weight s_s untouched however long ago it was written
        for (int s = 0; s < 128; s++) assertEquals(p.write()[p.kvIndex(s, 0, 5)], w[s], 1e-7f);
        assertEquals(base.write()[base.kvIndex(0, 0, 5)], p.write()[p.kvIndex(0, 0, 5)], 1e-6f);
    }
}
