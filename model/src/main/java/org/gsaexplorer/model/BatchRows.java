package org.gsaexplorer.model;

import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.LayerProbe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The row layout of a batch run as one: B sequences of T tokens each become B·T rows, sequence after sequence (row
 * b·T + t is token t of sequence b), and results over those rows split back into one per sequence.
 */
public final class BatchRows {
    private BatchRows() {
    }

    /** Checks a batch size against {@link BatchedSession#MAX_SIZE}. */
    public static void checkSize(int batch) {
        if (batch < 1 || batch > BatchedSession.MAX_SIZE)
            throw new GsaException("batch size " + batch + " is outside 1.." + BatchedSession.MAX_SIZE);
    }

    /** Throws unless every sequence of a batch is at the same position (see {@link BatchedSession#restoreState}). */
    public static void checkPositions(int[] positions) {
        for (int b = 1; b < positions.length; b++)
            if (positions[b] != positions[0])
                throw new GsaException("batched sequences are at different positions (sequence 0 at " + positions[0] + ", sequence " + b + " at "
                        + positions[b] + "): restore every sequence to states of one position before running on");
    }

    /**
     * Checks the arguments of a patched restore ({@link BatchedSession#restorePatched}): one region per sequence of a
     * batch of {@code batch}, each inside a model of shape {@code c}, and base and donor saved at the same token.
     */
    public static void checkPatch(RecurrentState base, RecurrentState donor, List<StateRegion> regions, int batch, GsaConfig c) {
        if (regions.size() != batch) throw new GsaException("a batch of " + batch + " sequences was given " + regions.size() + " state regions");
        for (StateRegion r : regions) r.check(c);
        StateRegion.checkSources(base, donor);
    }

    /** Tokens per sequence of {@code ids}, which must hold {@code batch} sequences of one length. */
    public static int length(int[][] ids, int batch) {
        if (ids.length != batch) throw new GsaException("a batch of " + batch + " sequences was given " + ids.length);
        int t = ids[0].length;
        for (int b = 1; b < batch; b++)
            if (ids[b].length != t)
                throw new GsaException("batched sequences must take the same number of tokens: sequence 0 has " + t + ", sequence " + b + " has " + ids[b].length);
        return t;
    }

    /** Tokens [from, to) of every sequence, as rows sequence after sequence. */
    public static int[] rows(int[][] ids, int from, int to) {
        int t = to - from;
        int[] out = new int[ids.length * t];
        for (int b = 0; b < ids.length; b++) System.arraycopy(ids[b], from, out, b * t, t);
        return out;
    }

    /** One token per sequence as a batch of sequences of length 1. */
    public static int[][] column(int[] ids) {
        int[][] out = new int[ids.length][];
        for (int b = 0; b < ids.length; b++) out[b] = new int[]{ids[b]};
        return out;
    }

    /** Splits a result over {@code batch} sequences' rows into one result per sequence, each starting at {@code position}. */
    public static List<ForwardResult> split(ForwardResult rows, int batch, int position) {
        int t = rows.tokens() / batch, v = rows.vocab();
        if (t * batch != rows.tokens()) throw new IllegalArgumentException(rows.tokens() + " rows are not " + batch + " equal sequences");
        List<ForwardResult> out = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            Map<Integer, LayerProbe> probes = new TreeMap<>();
            int from = b * t;
            rows.probes().forEach((l, p) -> probes.put(l, p.slice(from, t)));
            out.add(new ForwardResult(Arrays.copyOfRange(rows.ids(), from, from + t), position, v,
                    Arrays.copyOfRange(rows.logits(), from * v, (from + t) * v), probes));
        }
        return out;
    }

    /** Joins consecutive runs of a batch, sequence by sequence. */
    public static List<ForwardResult> concat(List<List<ForwardResult>> runs) {
        List<ForwardResult> out = new ArrayList<>();
        for (int b = 0; b < runs.getFirst().size(); b++) {
            List<ForwardResult> parts = new ArrayList<>(runs.size());
            for (List<ForwardResult> run : runs) parts.add(run.get(b));
            out.add(ForwardResult.concat(parts));
        }
        return out;
    }
}
