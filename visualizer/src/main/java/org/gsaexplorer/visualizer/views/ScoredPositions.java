package org.gsaexplorer.visualizer.views;

import org.gsaexplorer.visualizer.session.Scoring;
import org.gsaexplorer.visualizer.session.ScoringRule;
import org.gsaexplorer.visualizer.session.TaskFormat;
import org.gsaexplorer.visualizer.session.Tokens;

/**
 * The positions whose loss the charts count, and where the prompt ends. On a recall prompt most losses are
 * meaningless (a key is random: 5–22 nats) and swamp Δloss; the task scores only the value after each query key.
 *
 * <p>With a task (keys and values as task.json gives them), the prompt is the key–value pairs: it ends at the first
 * key seen before (the first query). Without one it is the tokens of the prompt text; generated ones follow.
 *
 * @param scored    per token: counted
 * @param promptEnd the first token after the prompt
 */
public record ScoredPositions(boolean[] scored, int promptEnd, ScoringRule rule) {

    public static ScoredPositions of(Scoring s, Tokens tokens) {
        int n = tokens.count();
        int[] ids = tokens.ids();
        TaskFormat task = s.task();
        int promptEnd = task != null ? firstQuery(ids, task) : Math.min(n, s.promptTokens());
        ScoringRule rule = s.rule();
        boolean[] scored = new boolean[n];
        for (int t = 1; t < n; t++)
            scored[t] = switch (rule) {
                case EVERY -> true;
                case AFTER_PROMPT -> t >= promptEnd;
                case TASK -> t > promptEnd && task.isValue(ids[t]) && isQuery(ids, t - 1, promptEnd, task);
            };
        return new ScoredPositions(scored, promptEnd, rule);
    }

    /** The first position holding a key that came before: the first query. */
    private static int firstQuery(int[] ids, TaskFormat task) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int t = 0; t < ids.length; t++)
            if (task.isKey(ids[t]) && !seen.add(ids[t])) return t;
        return ids.length;
    }

    private static boolean isQuery(int[] ids, int t, int promptEnd, TaskFormat task) {
        return t >= promptEnd && task.isKey(ids[t]);
    }

    public int count() {
        int c = 0;
        for (boolean b : scored) if (b) c++;
        return c;
    }

    public boolean scored(int t) {
        return t >= 0 && t < scored.length && scored[t];
    }

    /** Mean of {@code f} over the scored positions where it is finite; NaN when there are none. */
    public double mean(java.util.function.IntToDoubleFunction f) {
        double sum = 0;
        int n = 0;
        for (int t = 0; t < scored.length; t++) {
            if (!scored[t]) continue;
            double v = f.applyAsDouble(t);
            if (!Double.isFinite(v)) continue;
            sum += v;
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Mean Δloss = ablated − baseline over the scored positions both runs have. */
    public double meanDelta(Tokens ablated, Tokens baseline) {
        int n = Math.min(ablated.count(), baseline.count());
        return mean(t -> t < n ? ablated.loss(t) - baseline.loss(t) : Double.NaN);
    }
}
