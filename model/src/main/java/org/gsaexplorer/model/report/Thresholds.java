package org.gsaexplorer.model.report;

import org.gsaexplorer.model.error.GsaException;

/**
 * When a slot or head is reported. Defaults: dead when its max write weight over the corpus is below 1e-3, amnesic
 * when its mean α is below 0.05, frozen when its mean α is above 0.999 (and it is not dead), unread when every query
 * head reading it gives it a mean readout weight below 1 / (20 · M), collapsed when a query head's mean readout
 * entropy is below 0.1 nats or one slot takes over 90 % of its readout mass.
 */
public record Thresholds(double deadWrite, double amnesicAlpha, double frozenAlpha, double unreadFactor,
                         double collapseEntropy, double collapseShare) {
    public static final Thresholds DEFAULTS = new Thresholds(1e-3, 0.05, 0.999, 20, 0.1, 0.9);

    public Thresholds {
        check("dead write", deadWrite, 0, 1);
        check("amnesic alpha", amnesicAlpha, 0, 1);
        check("frozen alpha", frozenAlpha, 0, 1);
        check("unread factor", unreadFactor, 0, Double.MAX_VALUE);
        check("collapse entropy", collapseEntropy, 0, Double.MAX_VALUE);
        check("collapse share", collapseShare, 0, 1);
    }

    private static void check(String what, double v, double lo, double hi) {
        if (!(v > lo && v <= hi)) throw new GsaException(what + " threshold " + v + ": must be in (" + lo + ", " + (hi == Double.MAX_VALUE ? "∞" : hi) + "]");
    }

    /** Mean readout weight below which a slot of a model with {@code slots} slots counts as unread. */
    public double unreadWeight(int slots) {
        return 1 / (unreadFactor * slots);
    }
}
