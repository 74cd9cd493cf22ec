package org.gsaexplorer.model.recall;

import org.gsaexplorer.model.ablation.Ablations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What each ablation does to the sample's recall. The comments give accuracy at 8 / 16 / 32 pairs measured on 1,000
 * sequences each (`recall --sequences 1000 --seed 0`); the tests use 50 sequences to stay quick, and their bounds leave
 * room for that sampling noise.
 */
class AblationEffectTest {
    static final int SEQUENCES = 50;
    static SampleModel sample;

    @BeforeAll
    static void load() {
        sample = new SampleModel();
    }

    @AfterAll
    static void close() {
        sample.close();
    }

    static double accuracy(String ablation, int pairs) {
        Ablations a = ablation.isEmpty() ? Ablations.NONE : Ablations.parseAll(List.of(ablation));
        return RecallEvaluator.evaluate(sample.model, pairs, SEQUENCES, 7, a).accuracy();
    }

    static void assertBetween(double lo, double x, double hi, String what) {
        assertTrue(x >= lo && x <= hi, what + " = " + x + ", expected " + lo + ".." + hi);
    }

    @Test
    void noForgetBlursTheMemoryMoreTheMorePairs() {
        // 0.792 / 0.415 / 0.129 (baseline 0.998 / 0.988 / 0.857)
        double n8 = accuracy("no-forget", 8), n16 = accuracy("no-forget", 16), n32 = accuracy("no-forget", 32);
        assertBetween(0.6, n8, 0.92, "no-forget N8");
        assertBetween(0.25, n16, 0.6, "no-forget N16");
        assertBetween(0.03, n32, 0.3, "no-forget N32");
        assertTrue(n8 > n16 && n16 > n32);
    }

    @Test
    void fewerSlotsHoldFewerPairs() {
        // slots=16: 0.957 / 0.818 / 0.497; slots=8: 0.790 / 0.545 / 0.263
        double s16n8 = accuracy("slots=16", 8), s16n32 = accuracy("slots=16", 32), s8n8 = accuracy("slots=8", 8), s8n32 = accuracy("slots=8", 32);
        assertBetween(0.9, s16n8, 0.99, "slots=16 N8");
        assertBetween(0.35, s16n32, 0.65, "slots=16 N32");
        assertBetween(0.65, s8n8, 0.9, "slots=8 N8");
        assertBetween(0.15, s8n32, 0.4, "slots=8 N32");
        assertTrue(s8n8 < s16n8 && s8n32 < s16n32);
    }

    @Test
    void dataIndependentDecayBreaksRecall() {
        // decay=mean: 0.036 / 0.011 / 0.008, near chance (1/128)
        assertBetween(0, accuracy("decay=mean", 8), 0.1, "decay=mean N8");
        assertBetween(0, accuracy("decay=mean", 32), 0.05, "decay=mean N32");
    }

    @Test
    void reluReadoutBreaksRecall() {
        // readout=relu: 0.111 / 0.046 / 0.019
        assertBetween(0.03, accuracy("readout=relu", 8), 0.25, "readout=relu N8");
        assertBetween(0, accuracy("readout=relu", 32), 0.08, "readout=relu N32");
    }
}
