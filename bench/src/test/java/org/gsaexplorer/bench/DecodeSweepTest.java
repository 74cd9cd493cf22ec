package org.gsaexplorer.bench;

import org.gsaexplorer.bench.sequence.SequenceModel;
import org.gsaexplorer.bench.sequence.SequenceSession;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decode schedule on engines that record what they were asked: warm everything, then one shuffled order, each pair from its own state. */
class DecodeSweepTest {
    /** One decode as an engine saw it: which session, at which position, whether it was timed. */
    private record Decode(RecordingSession session, int position, boolean timed) {
    }

    private final List<Decode> decodes = new ArrayList<>();
    private boolean timing;

    private final class RecordingModel implements SequenceModel {
        final String name;

        RecordingModel(String name) {
            this.name = name;
        }

        @Override public String arch() { return name; }
        @Override public String engine() { return "test"; }
        @Override public int vocabSize() { return 7; }
        @Override public long parameterCount() { return 1; }
        @Override public long weightBytesPerToken() { return 4; }
        @Override public long matmulParametersPerToken() { return 1; }
        @Override public long stateBytes(int context) { return 4L * context; }
        @Override public SequenceSession newSession() { return new RecordingSession(); }
    }

    private record Mark(RecordingSession owner, int position) implements SequenceSession.Snapshot {
    }

    /** Position-only state, like a KV cache: a snapshot is a mark that only its own session can go back to. */
    private final class RecordingSession implements SequenceSession {
        int position;
        boolean closed;

        @Override public float[] prefill(int[] ids) { position += ids.length; return new float[ids.length * 7]; }
        @Override public float[] step(int id) { position++; return new float[7]; }
        @Override public int position() { return position; }
        @Override public long stateBytes() { return 4L * position; }
        @Override public Snapshot snapshot() { return new Mark(this, position); }
        @Override public void reset() { position = 0; }
        @Override public void close() { closed = true; }

        @Override
        public void restore(Snapshot s) {
            Mark m = (Mark) s;
            assertSame(this, m.owner(), "a snapshot goes back to the session that made it");
            position = m.position();
        }

        @Override
        public void generate(int first, int n) {
            decodes.add(new Decode(this, position, timing));
            position += n;
        }
    }

    private static final List<Integer> CONTEXTS = List.of(600, 64, 1100);

    private DecodeSweep prepared(List<SequenceModel> engines) {
        DecodeSweep sweep = new DecodeSweep(3, () -> { });
        for (SequenceModel m : engines) {
            SplittableRandom random = new SplittableRandom(5);
            for (int ctx : CONTEXTS) sweep.prepare(m, m.arch(), ctx, 2, random);
        }
        return sweep;
    }

    @Test
    void everyPairIsWarmBeforeAnyIsTimedAndEachTimingStartsFromItsOwnState() {
        List<SequenceModel> engines = List.of(new RecordingModel("a"), new RecordingModel("b"));
        DecodeSweep sweep = prepared(engines);
        List<DecodeSweep.Pair> pairs = sweep.pairs();
        assertEquals(6, pairs.size());
        assertEquals(12, decodes.size(), "two warm-up decodes per pair before any timing");
        for (Decode d : decodes) assertEquals(pairs.stream().filter(p -> p.session() == d.session()).findFirst().orElseThrow().context(), d.position());
        for (DecodeSweep.Pair p : pairs) {
            RecordingSession own = (RecordingSession) p.session();
            assertEquals(new Mark(own, p.context()), p.state(), "its own session, filled to its own context and saved");
            assertEquals(1, pairs.stream().filter(q -> q.session() == own).count(), "a session per pair");
        }
        timing = true;
        for (DecodeSweep.Pair p : sweep.order(11)) {
            int before = decodes.size();
            Stats ms = sweep.time(p, 4).plain();
            assertEquals(4, ms.n());
            for (Decode d : decodes.subList(before, decodes.size())) {
                assertSame(p.session(), d.session(), "timed in its own session");
                assertEquals(p.context(), d.position(), "every repetition starts at its own context, whatever ran before");
            }
        }
        sweep.close();
        assertTrue(pairs.stream().allMatch(p -> ((RecordingSession) p.session()).closed), "closing the sweep closes its sessions");
    }

    @Test
    void theTimedOrderIsOneShuffledMixOfEnginesAndContexts() {
        List<SequenceModel> engines = List.of(new RecordingModel("a"), new RecordingModel("b"), new RecordingModel("c"));
        DecodeSweep sweep = prepared(engines);
        List<DecodeSweep.Pair> prepared = sweep.pairs();
        Set<List<DecodeSweep.Pair>> orders = new HashSet<>();
        int mixed = 0;
        for (long seed = 0; seed < 10; seed++) {
            List<DecodeSweep.Pair> order = sweep.order(seed);
            assertEquals(Set.copyOf(prepared), Set.copyOf(order), "every pair once");
            assertEquals(order, sweep.order(seed), "the same seed, the same order");
            orders.add(order);
            if (interleavesEngines(order) && !contextsAscendWithinEachEngine(order)) mixed++;
        }
        assertTrue(orders.size() > 5, "the order follows the seed: " + orders.size() + " orders from 10 seeds");
        assertTrue(mixed >= 8, "engines and contexts are mixed, not engine by engine with contexts ascending: " + mixed + " of 10");
        assertNotEquals(prepared, sweep.order(0));
        sweep.close();
    }

    /** Some engine is left and come back to later. */
    private static boolean interleavesEngines(List<DecodeSweep.Pair> order) {
        Set<SequenceModel> left = new HashSet<>();
        for (int i = 1; i < order.size(); i++) {
            if (order.get(i).model() != order.get(i - 1).model()) left.add(order.get(i - 1).model());
            if (left.contains(order.get(i).model())) return true;
        }
        return false;
    }

    private static boolean contextsAscendWithinEachEngine(List<DecodeSweep.Pair> order) {
        for (int i = 0; i < order.size(); i++)
            for (int j = i + 1; j < order.size(); j++)
                if (order.get(i).model() == order.get(j).model() && order.get(i).context() > order.get(j).context()) return false;
        return true;
    }
}
