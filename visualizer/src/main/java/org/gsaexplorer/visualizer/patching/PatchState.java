package org.gsaexplorer.visualizer.patching;

import org.gsaexplorer.model.patch.PatchResult;

/**
 * What the patching tab shows, as one immutable value.
 *
 * @param result     the last finished sweep, or null; a failed or cancelled sweep leaves it in place
 * @param cleanIds   the clean prompt of {@code result}, which the views load when a cell is clicked
 * @param cleanText  that prompt as written
 * @param answerText the answer token's text, {@code foilText} the foil's
 */
public record PatchState(boolean running, double fraction, String status, PatchResult result, int[] cleanIds,
                         String cleanText, String answerText, String foilText) {
    public static final PatchState EMPTY = new PatchState(false, 0,
            "give a clean and a corrupted prompt of the same length (or corrupt one token of the clean one) and press Run", null, null, null, null, null);

    PatchState with(boolean running, double fraction, String status) {
        return new PatchState(running, fraction, status, result, cleanIds, cleanText, answerText, foilText);
    }
}
