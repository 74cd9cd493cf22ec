package org.gsaexplorer.visualizer.session;

/**
 * What the views need to mark scored positions: the rule set (null: the default, {@link ScoringRule#TASK} when the
 * model has a task, else {@link ScoringRule#EVERY}), the model's task or null, and how many tokens the prompt has
 * (the rest were generated).
 */
public record Scoring(ScoringRule chosen, TaskFormat task, int promptTokens) {
    public static final Scoring NONE = new Scoring(null, null, 0);

    /** The rule in force. */
    public ScoringRule rule() {
        if (chosen != null && (chosen != ScoringRule.TASK || task != null)) return chosen;
        return task != null ? ScoringRule.TASK : ScoringRule.EVERY;
    }
}
