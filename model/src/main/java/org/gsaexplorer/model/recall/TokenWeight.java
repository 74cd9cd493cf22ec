package org.gsaexplorer.model.recall;

/** How much of the token at {@code position} (id {@code id}) a slot still holds: its provenance weight w_s. */
public record TokenWeight(int position, int id, float weight) {
}
