package org.gsaexplorer.visualizer.session;

import org.gsaexplorer.model.generate.Sampler;
import org.gsaexplorer.model.RecurrentState;

/**
 * Everything the window shows, as one immutable value. The view model publishes a new one after every change; the
 * FX thread renders only the newest.
 *
 * @param cursor   tokens consumed: the views show token cursor − 1 as "now"
 * @param main     the run with the chosen ablations
 * @param baseline the run without ablations on the same tokens, when comparing (else null)
 * @param state    the recurrent state after {@code cursor} tokens, or null while it is being computed
 * @param loading  a load in progress, or null
 * @param error    the last error message (one line), shown once per {@code errorId}
 * @param scoring  which positions the loss charts score, the model's task and the prompt's length in tokens
 */
public record ExplorerSnapshot(long version, ModelInfo model, String prompt, int cursor, TrackView main, TrackView baseline,
                               RecurrentState state, Selection selection, Sampler sampler, boolean running,
                               double tokensPerSecond, LoadProgress loading, String error, long errorId, MemoryUse memory,
                               Scoring scoring) {

    public static final ExplorerSnapshot EMPTY = new ExplorerSnapshot(0, null, "", 0, TrackView.EMPTY, null, null,
            Selection.DEFAULT, Sampler.GREEDY, false, 0, null, null, 0, new MemoryUse(0, 0, 0, 0, 0), Scoring.NONE);

    /** Index of the current token, or −1 before the first. */
    public int current() {
        return cursor - 1;
    }

    public int computed() {
        return main.tokens().count();
    }

    /** First token of the time window the views show (the window ends at the current token). */
    public int windowStart() {
        return Math.max(0, cursor - selection.window());
    }
}
