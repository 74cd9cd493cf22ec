package org.gsaexplorer.bench;

import org.gsaexplorer.bench.sequence.SequenceModel;
import org.gsaexplorer.bench.sequence.SequenceSession;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Decode timing over every (engine, context) pair. Each pair gets its own session, filled to its context and saved
 * while every pair is warmed up; the timed pass then takes the pairs in one shuffled order and starts each repetition
 * from the pair's own saved state. No measurement depends on the one before it, and a machine that speeds up or slows
 * down during the run (JIT, clocks, a neighbour) spreads over all engines and contexts instead of tilting one line.
 */
final class DecodeSweep implements AutoCloseable {
    /** Prefill to a context in pieces, so logits [T][V] never get large. */
    private static final int PIECE = 512;

    /** One engine at one context: a session of its own holding that context's state, and the token decoding starts from. */
    record Pair(SequenceModel model, String who, int context, SequenceSession session, SequenceSession.Snapshot state, int first) {
    }

    private final int generate;
    private final Runnable checkCancelled;
    private final List<Pair> pairs = new ArrayList<>();

    DecodeSweep(int generate, Runnable checkCancelled) {
        this.generate = generate;
        this.checkCancelled = checkCancelled;
    }

    /** Fills a new session of {@code m} to {@code context} random tokens, saves it and decodes from it {@code warmup} times, untimed. */
    Pair prepare(SequenceModel m, String who, int context, int warmup, SplittableRandom random) {
        SequenceSession s = m.newSession();
        try {
            for (int at = 0; at < context; at += PIECE) {
                checkCancelled.run();
                s.advance(random.ints(Math.min(PIECE, context - at), 0, m.vocabSize()).toArray());
            }
            Pair p = new Pair(m, who, context, s, s.snapshot(), random.nextInt(m.vocabSize()));
            boolean probes = s.probeAllLayers(false) > 0;
            for (int r = 0; r < warmup; r++) {
                decode(p);
                if (probes) probedDecode(p);
            }
            pairs.add(p);
            return p;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** The prepared pairs in the order prepared. */
    List<Pair> pairs() {
        return List.copyOf(pairs);
    }

    /** Every prepared pair once, in an order drawn from {@code seed}. */
    List<Pair> order(long seed) {
        List<Pair> order = new ArrayList<>(pairs);
        Collections.shuffle(order, new Random(seed));
        return order;
    }

    /**
     * One pair's ms/token without probes and, where the engine has probes, with every layer probed (null otherwise),
     * and the probes' cost as a fraction of the plain decode.
     */
    record Timing(Stats plain, int probedLayers, Stats probed, Stats overhead) {
    }

    /**
     * ms/token over {@code reps} decodes, each from the pair's saved state; an engine with probes decodes again with
     * every layer probed in the same repetition, so both see the same machine.
     */
    Timing time(Pair p, int reps) {
        int layers = p.session().probeAllLayers(false);
        double[] ms = new double[reps], probed = new double[reps], overhead = new double[reps];
        for (int r = 0; r < reps; r++) {
            ms[r] = decode(p) / 1e6 / generate;
            if (layers == 0) continue;
            probed[r] = probedDecode(p) / 1e6 / generate;
            overhead[r] = probed[r] / ms[r] - 1;
        }
        return layers == 0 ? new Timing(Stats.of(ms), 0, null, null) : new Timing(Stats.of(ms), layers, Stats.of(probed), Stats.of(overhead));
    }

    private long probedDecode(Pair p) {
        p.session().probeAllLayers(true);
        try {
            return decode(p);
        } finally {
            p.session().probeAllLayers(false);
        }
    }

    /** Nanoseconds to decode {@code generate} tokens from the pair's saved state. */
    private long decode(Pair p) {
        checkCancelled.run();
        p.session().restore(p.state());
        long t0 = System.nanoTime();
        p.session().generate(p.first(), generate);
        return System.nanoTime() - t0;
    }

    @Override
    public void close() {
        for (Pair p : pairs.reversed()) p.session().close();
        pairs.clear();
    }
}
