package org.gsaexplorer.visualizer.patching;

import org.gsaexplorer.model.patch.PatchGrain;

/**
 * A patching sweep as the tab asks for it. The corrupted prompt is either its own text, or (when {@code replaceAt} is
 * at least 0) the clean prompt with its token at that position replaced by the one token {@code replacement} spells.
 *
 * @param at     patch the state after token at − 1 (0-based), then run tokens at.. of the corrupted prompt
 * @param layers "all" or a list such as "0,3"
 * @param answer the clean answer token's text, or blank for the clean run's top-1 at the last position
 * @param foil   the competing token's text, or blank for the corrupted run's top-1 there
 */
public record PatchRequest(String clean, String corrupt, int replaceAt, String replacement, int at, PatchGrain grain,
                           String layers, String answer, String foil) {
}
