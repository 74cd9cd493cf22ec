package org.gsaexplorer.model.backend;

import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.probe.ForwardResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** What every backend's session does before running tokens: check their ids, and split the run at a state reset. */
public final class ResetSplit {
    private ResetSplit() {
    }

    /** Runs one piece of tokens, clearing the recurrent state first when {@code resetFirst}. */
    @FunctionalInterface
    public interface Piece {
        ForwardResult run(int[] ids, boolean resetFirst);
    }

    /** Throws the one-line error for the first id outside 0..vocab-1. */
    public static void checkIds(int[] ids, int vocab) {
        for (int id : ids)
            if (id < 0 || id >= vocab) throw new GsaException("token id " + id + " is outside the vocabulary 0.." + (vocab - 1));
    }

    /**
     * Runs ids starting at {@code position}, splitting them where the ablations ask for a reset (at absolute position
     * {@code resetAt}) so the reset lands exactly before that token.
     */
    public static ForwardResult run(int[] ids, int position, int resetAt, Piece piece) {
        return split(ids.length, position, resetAt, (from, to, resetFirst) -> piece.run(Arrays.copyOfRange(ids, from, to), resetFirst),
                ForwardResult::concat);
    }

    /** Runs the tokens [from, to) of a run, clearing the recurrent state first when {@code resetFirst}. */
    @FunctionalInterface
    public interface Range<R> {
        R run(int from, int to, boolean resetFirst);
    }

    /**
     * {@link #run} for any result: {@code length} tokens starting at {@code position}, in at most two ranges split at
     * {@code resetAt}, their results joined by {@code join} (a batch of sequences splits all of them at once).
     */
    public static <R> R split(int length, int position, int resetAt, Range<R> range, Function<List<R>, R> join) {
        int reset = resetAt - position;
        if (reset < 0 || reset >= length) return range.run(0, length, reset == 0);
        List<R> parts = new ArrayList<>();
        if (reset > 0) parts.add(range.run(0, reset, false));
        parts.add(range.run(reset, length, true));
        return join.apply(parts);
    }
}
