package org.gsaexplorer.model.backend;

import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.probe.ForwardResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
        int reset = resetAt - position;
        if (reset < 0 || reset >= ids.length) return piece.run(ids, reset == 0);
        List<ForwardResult> parts = new ArrayList<>();
        if (reset > 0) parts.add(piece.run(Arrays.copyOfRange(ids, 0, reset), false));
        parts.add(piece.run(Arrays.copyOfRange(ids, reset, ids.length), true));
        return ForwardResult.concat(parts);
    }
}
