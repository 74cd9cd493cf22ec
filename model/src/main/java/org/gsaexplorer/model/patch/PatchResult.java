package org.gsaexplorer.model.patch;

/**
 * The outcome of a patching sweep. The metric is logit(answer) − logit(foil) at the last position; {@code effects}
 * holds (patched − corrupt) / (clean − corrupt) per component, flat in [layer][kv head][slot] order for the slot grain
 * ([layer][kv head] for head, [layer] for layer, one number for state), over the layers in {@code layers}.
 */
public record PatchResult(PatchGrain grain, int at, int answer, int foil, double clean, double corrupt, int[] layers,
                          int heads, int slots, double[] effects) {
}
