package org.gsaexplorer.visualizer.recall;

/** The explorer views a panel can ask for; {@link #id} is the view's name in the main window. */
public enum TargetView {
    OVERVIEW("overview"), OCCUPANCY("occupancy"), GATES("gates"), READOUT("readout"), PROVENANCE("provenance"), STATE("state");

    public final String id;

    TargetView(String id) {
        this.id = id;
    }
}
