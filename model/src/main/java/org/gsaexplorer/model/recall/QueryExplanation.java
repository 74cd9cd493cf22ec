package org.gsaexplorer.model.recall;

import java.util.List;

/** One query's answer and, per layer and head, the slots its readout weighted most (largest first). */
public record QueryExplanation(QueryOutcome outcome, List<SlotRead> slots) {

    /** The slots read by one layer's head, largest readout weight first. */
    public List<SlotRead> slots(int layer, int head) {
        return slots.stream().filter(s -> s.layer() == layer && s.head() == head).toList();
    }
}
