package org.gsaexplorer.model.recall;

import com.fasterxml.jackson.databind.JsonNode;
import org.gsaexplorer.model.error.GsaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MqarGeneratorTest {

    /** The format rules of task.json, checked the same way on FLA's examples and on generated sequences. */
    static void assertMqarFormat(int pairs, int[] ids, int[] queryPositions, int[] expected) {
        assertEquals(128, ids.length);
        Map<Integer, Integer> bound = new HashMap<>();
        for (int i = 0; i < pairs; i++) {
            int k = ids[2 * i], v = ids[2 * i + 1];
            assertTrue(k >= 0 && k < 128, "key " + k);
            assertTrue(v >= 128 && v < 256, "value " + v);
            assertEquals(null, bound.put(k, v), "keys must be distinct");
        }
        int queries = (128 - 2 * pairs) / 2;
        assertEquals(queries, queryPositions.length);
        List<Integer> queryKeys = new ArrayList<>();
        for (int j = 0; j < queries; j++) {
            int pos = queryPositions[j];
            assertEquals(2 * pairs + 2 * j, pos);
            assertTrue(bound.containsKey(ids[pos]), "query " + j + " asks for a stored key");
            assertEquals(bound.get(ids[pos]), ids[pos + 1], "a query key is followed by its value");
            assertEquals(ids[pos + 1], expected[j]);
            queryKeys.add(ids[pos]);
        }
        for (int start = 0; start < queries; start += pairs) {
            Set<Integer> block = new HashSet<>(queryKeys.subList(start, Math.min(queries, start + pairs)));
            assertEquals(Math.min(pairs, queries - start), block.size(), "each block of N queries is a permutation");
        }
    }

    @Test
    void taskExamplesFollowTheCheckedFormat() {
        for (JsonNode ex : SampleModel.task().get("examples"))
            assertMqarFormat(ex.get("n_pairs").asInt(), SampleModel.ints(ex.get("input_ids")),
                    SampleModel.ints(ex.get("query_positions")), SampleModel.ints(ex.get("expected_next")));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 8, 12, 16, 32, 63})
    void generatedSequencesFollowTheSameFormat(int pairs) {
        SplittableRandom rng = new SplittableRandom(pairs);
        for (int i = 0; i < 20; i++) {
            MqarSequence s = MqarGenerator.generate(pairs, rng);
            assertEquals(pairs, s.pairs());
            assertMqarFormat(pairs, s.ids(), s.queryPositions(), s.expected());
        }
    }

    @Test
    void sameShapeAsTheTaskExamples() {
        for (JsonNode ex : SampleModel.task().get("examples")) {
            MqarSequence s = MqarGenerator.generate(ex.get("n_pairs").asInt(), new SplittableRandom(1));
            assertArrayEquals(SampleModel.ints(ex.get("query_positions")), s.queryPositions());
            assertEquals(ex.get("input_ids").size(), s.ids().length);
        }
    }

    @Test
    void valuesAreDrawnWithRepeatsAndQueriesCoverAllKeys() {
        SplittableRandom rng = new SplittableRandom(3);
        int withRepeat = 0;
        for (int i = 0; i < 50; i++) {
            MqarSequence s = MqarGenerator.generate(32, rng);
            int[] values = new int[32];
            for (int p = 0; p < 32; p++) values[p] = s.ids()[2 * p + 1];
            if (Arrays.stream(values).distinct().count() < 32) withRepeat++;
        }
        // as in task.json's 32-pair examples: 32 values drawn from 128 nearly always repeat one
        assertTrue(withRepeat > 40, "sequences with a repeated value: " + withRepeat);
    }

    @Test
    void seedDeterminesTheSequence() {
        assertArrayEquals(MqarGenerator.generate(16, new SplittableRandom(42)).ids(), MqarGenerator.generate(16, new SplittableRandom(42)).ids());
        assertTrue(!Arrays.equals(MqarGenerator.generate(16, new SplittableRandom(42)).ids(), MqarGenerator.generate(16, new SplittableRandom(43)).ids()));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 64, 65})
    void rejectsPairCountsWithoutRoomForQueries(int pairs) {
        GsaException e = assertThrows(GsaException.class, () -> MqarGenerator.generate(pairs, new SplittableRandom(1)));
        assertTrue(e.getMessage().startsWith("pairs " + pairs + ": must be 1..63"), e.getMessage());
    }
}
