package org.gsaexplorer.visualizer.views;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The explorer's views, in the order of their tabs; {@link #id} is the name sessions, panels and the CLI use. */
public enum ViewKind {
    OVERVIEW, OCCUPANCY, GATES, READOUT, PROVENANCE, ATTENTION, STATE, CHARTS, COMPARE;

    /** The view the explorer opens on. */
    public static final ViewKind DEFAULT = OCCUPANCY;

    public final String id = name().toLowerCase(Locale.ROOT);

    /** The tab's title: "Occupancy". */
    public String title() {
        return Character.toUpperCase(id.charAt(0)) + id.substring(1);
    }

    public static Optional<ViewKind> parse(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }

    /** Every id, comma-separated, for messages. */
    public static String ids() {
        return Arrays.stream(values()).map(k -> k.id).collect(Collectors.joining(", "));
    }
}
