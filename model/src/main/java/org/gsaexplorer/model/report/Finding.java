package org.gsaexplorer.model.report;

import java.util.Map;

/**
 * One problem the report found. {@code head} is the kv head for slot findings and the query head for readout
 * collapse; {@code slot} is the collapsed head's most read slot; for {@code non_finite} they say where the first
 * value was (layer −1: the logits, and {@code slot} is then the token id). {@code window} is the corpus window where the
 * finding shows most (−1: none). {@code severity} orders findings of one kind, larger first.
 */
public record Finding(Kind kind, int layer, int head, int slot, String detail, Map<String, Double> evidence,
                      int window, double severity) {

    /** The kinds, worst first: the order of the report. */
    public enum Kind {
        NON_FINITE("non_finite", "NaN or infinite values in the forward pass; every figure after them is suspect"),
        DEAD_SLOT("dead_slot", "never written: the slot's write weight stays below the threshold over the whole corpus"),
        READOUT_COLLAPSE("readout_collapse", "a query head reads (nearly) one slot only"),
        AMNESIC_SLOT("amnesic_slot", "forgets at once: mean α below the threshold, so the slot holds only the latest token"),
        FROZEN_SLOT("frozen_slot", "written but (almost) never forgotten: mean α above the threshold"),
        UNREAD_SLOT("unread_slot", "no query head reads it: mean readout weight below 1/(factor·M) for each reader");

        public final String id, meaning;

        Kind(String id, String meaning) {
            this.id = id;
            this.meaning = meaning;
        }
    }
}
