package org.gsaexplorer.model.recall;

import java.util.List;

/**
 * A slot the readout used at a query: layer, query head, slot, its readout weight p, and the earlier tokens it holds
 * most (largest provenance weight first).
 */
public record SlotRead(int layer, int head, int slot, float readout, List<TokenWeight> remembers) {
}
