package org.gsaexplorer.visualizer.recall;

import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.visualizer.views.ViewKind;

import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * Where a panel wants the main window to look.
 *
 * @param prompt    token ids to load as the prompt, or null to keep the current one
 * @param tokens    the cursor: tokens consumed, so token {@code tokens − 1} is "now" (a query at position p needs p + 1)
 * @param layer     layer to select
 * @param head      query head to select
 * @param slot      slot to select (for provenance)
 * @param view      the view to bring forward
 * @param ablations ablations to apply, or null to leave them as they are
 * @param text      the prompt as the user wrote it, when a panel has it (byte-level text does not come back from token
 *                  labels); null to spell {@code prompt} through the tokenizer
 */
public record ViewTarget(int[] prompt, int tokens, int layer, int head, int slot, ViewKind view, Ablations ablations, String text) {

    public ViewTarget(int[] prompt, int tokens, int layer, int head, int slot, ViewKind view, Ablations ablations) {
        this(prompt, tokens, layer, head, slot, view, ablations, null);
    }

    /** The prompt as text: as written, else through a tokenizer's token strings (space-separated, as the word-level tokenizer reads it). */
    public String promptText(IntFunction<String> tokenText) {
        if (text != null) return text;
        return prompt == null ? null : Arrays.stream(prompt).mapToObj(tokenText).collect(Collectors.joining(" "));
    }

    public ViewTarget withAblations(Ablations a) {
        return new ViewTarget(prompt, tokens, layer, head, slot, view, a, text);
    }

    public ViewTarget withView(ViewKind v) {
        return new ViewTarget(prompt, tokens, layer, head, slot, v, ablations, text);
    }

    public ViewTarget withSelection(int layer, int head, int slot) {
        return new ViewTarget(prompt, tokens, layer, head, slot, view, ablations, text);
    }

    /** The same target at another cursor: {@code tokens} consumed. */
    public ViewTarget at(int tokens) {
        return new ViewTarget(prompt, tokens, layer, head, slot, view, ablations, text);
    }

    @Override
    public String toString() {
        return view.id + " @ token " + (tokens - 1) + ", layer " + layer + ", head " + head + ", slot " + slot
                + (ablations == null ? "" : ", " + ablations.describe());
    }
}
