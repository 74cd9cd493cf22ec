package org.gsaexplorer.visualizer.session;

/** Which positions the loss charts score: where a loss means something for the model's task. */
public enum ScoringRule {
    /** The answers of a recall task (task.json): the value after each query key, as the task scores them. */
    TASK("task answers (task.json)"),
    /** Every token after the prompt: what the model generated, or the queries of a recall task. */
    AFTER_PROMPT("after the prompt"),
    /** Every token the model predicted (all but the first). */
    EVERY("every position");

    public final String label;

    ScoringRule(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
