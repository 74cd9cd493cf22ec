package org.gsaexplorer.visualizer.session;

import org.gsaexplorer.model.error.GsaException;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Which positions the loss charts score: where a loss means something for the model's task. */
public enum ScoringRule {
    /** The answers of a recall task (task.json): the value after each query key, as the task scores them. */
    TASK("task", "task answers (task.json)"),
    /** Every token after the prompt: what the model generated, or the queries of a recall task. */
    AFTER_PROMPT("after-prompt", "after the prompt"),
    /** Every token the model predicted (all but the first). */
    EVERY("every", "every position");

    /** The rule's name in session files. */
    public final String id;
    public final String label;

    ScoringRule(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** The rule named {@code id}; any other name is a one-line {@link GsaException} listing the names. */
    public static ScoringRule of(String id) {
        for (ScoringRule r : values()) if (r.id.equals(id)) return r;
        throw new GsaException("scored positions '" + id + "' is not one of "
                + Arrays.stream(values()).map(r -> r.id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return label;
    }
}
