package org.gsaexplorer.app.cli;

/** The --ablate option's description, one text for every command that takes it. */
final class AblateHelp {
    private AblateHelp() {
    }

    static final String TEXT = "no-forget, decay=C|mean, readout=softmax|swish|relu|relu2, slots=N, "
            + "feature-map=swish|relu|relu2|identity, reset=T, knockout=L:H:M[@T], force-gate=L:H:M=A[@T1-T2], "
            + "clamp-readout=L:Hq:M, zero-head=L:H (repeatable)";
}
