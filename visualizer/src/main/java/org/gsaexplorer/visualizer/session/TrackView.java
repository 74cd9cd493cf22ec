package org.gsaexplorer.visualizer.session;

import org.gsaexplorer.model.ablation.Ablations;

/** What the views read of one run: its ablations, per-token results and probes, as published. */
public record TrackView(Ablations ablations, Tokens tokens, ProbeAccess probes) {
    public static final TrackView EMPTY = new TrackView(Ablations.NONE, Tokens.empty(), ProbeAccess.empty());
}
