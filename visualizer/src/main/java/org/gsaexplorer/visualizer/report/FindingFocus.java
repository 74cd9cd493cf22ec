package org.gsaexplorer.visualizer.report;

import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.probe.LayerProbe;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.report.Finding;
import org.gsaexplorer.model.report.SlotStatistics;
import org.gsaexplorer.model.report.SlotSummary;
import org.gsaexplorer.visualizer.recall.ViewTarget;
import org.gsaexplorer.visualizer.report.ReportHeatmaps.Quantity;
import org.gsaexplorer.visualizer.views.ViewKind;

/**
 * Where the views go for a finding or a heatmap cell: the corpus window where it shows most as the prompt, its layer,
 * head and slot, the view that shows it, and the token of the window where the slot does what it is about: written
 * most (dead: even there it stores nothing; frozen: what it then keeps; a cell of the write map), forgets or keeps
 * most (amnesic; a cell of the α map, by which side of ½ its mean α is on), read most (unread, collapse: even there
 * it is read little, or the head's one slot; a cell of the readout map). A non-finite finding goes to the token it
 * names.
 */
final class FindingFocus {
    private FindingFocus() {
    }

    /** What the cursor looks for in the window; {@code GIVEN}: the token the spot names. */
    enum Peak { WRITTEN, FORGETS, KEEPS, READ, GIVEN }

    /**
     * A place in the model and the corpus.
     *
     * @param window the corpus window where it shows most, −1 for none
     * @param token  the token for {@link Peak#GIVEN}
     */
    record Spot(int layer, int queryHead, int slot, ViewKind view, Peak peak, int window, int token) {
    }

    static Spot spot(Finding f, int groups) {
        boolean collapse = f.kind() == Finding.Kind.READOUT_COLLAPSE;
        int layer = Math.max(0, f.layer()), queryHead = collapse ? f.head() : Math.max(0, f.head()) * groups;
        int slot = f.kind() == Finding.Kind.NON_FINITE && f.layer() < 0 ? 0 : Math.max(0, f.slot());
        Peak peak = switch (f.kind()) {
            case NON_FINITE -> Peak.GIVEN;
            case DEAD_SLOT, FROZEN_SLOT -> Peak.WRITTEN;
            case AMNESIC_SLOT -> Peak.FORGETS;
            case UNREAD_SLOT, READOUT_COLLAPSE -> Peak.READ;
        };
        Double token = f.evidence().get("token");
        return new Spot(layer, queryHead, slot, view(f.kind()), peak, f.window(), token == null ? Integer.MAX_VALUE : token.intValue());
    }

    /** A cell (kv head, slot) of a layer's heatmap of {@code q}; the readout map's goes to the query head reading the slot most. */
    static Spot spot(SlotStatistics st, Quantity q, int layer, int kvHead, int slot) {
        int groups = st.queryHeads() / st.kvHeads();
        SlotSummary s = st.slot(layer, kvHead, slot);
        return switch (q) {
            case WRITE -> new Spot(layer, kvHead * groups, slot, ViewKind.OCCUPANCY, Peak.WRITTEN, st.windowWrittenMost(layer, kvHead, slot), 0);
            case ALPHA -> s.meanAlpha() < 0.5
                    ? new Spot(layer, kvHead * groups, slot, ViewKind.GATES, Peak.FORGETS, st.windowForgettingMost(layer, kvHead, slot), 0)
                    : new Spot(layer, kvHead * groups, slot, ViewKind.GATES, Peak.KEEPS, st.windowKeepingMost(layer, kvHead, slot), 0);
            case READOUT -> {
                int reader = s.readers()[s.bestReader()];
                yield new Spot(layer, reader, slot, ViewKind.READOUT, Peak.READ, st.windowReadMost(layer, reader, slot), 0);
            }
        };
    }

    static ViewKind view(Finding.Kind k) {
        return switch (k) {
            case NON_FINITE -> ViewKind.OVERVIEW;
            case DEAD_SLOT -> ViewKind.OCCUPANCY;
            case AMNESIC_SLOT, FROZEN_SLOT -> ViewKind.GATES;
            case UNREAD_SLOT, READOUT_COLLAPSE -> ViewKind.READOUT;
        };
    }

    /** @param ids the window's tokens, or null when the spot has no window (then the prompt stays) */
    static ViewTarget target(LoadedModel m, Spot s, int[] ids, String text) {
        if (ids == null) return new ViewTarget(null, Integer.MAX_VALUE, s.layer(), s.queryHead(), s.slot(), s.view(), null);
        int token = s.peak() == Peak.GIVEN ? Math.clamp(s.token(), 0, ids.length - 1) : token(m, s, ids);
        return new ViewTarget(ids, token + 1, s.layer(), s.queryHead(), s.slot(), s.view(), null, text);
    }

    private static int token(LoadedModel m, Spot s, int[] ids) {
        LayerProbe p;
        try (GsaSession session = m.newSession()) {
            p = session.prefill(ids, ProbeSpec.of(s.layer())).probes().get(s.layer());
        }
        int kvHead = s.queryHead() / m.config().groups(), best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < p.tokens(); t++) {
            double v = switch (s.peak()) {
                case WRITTEN -> p.write()[p.kvIndex(t, kvHead, s.slot())];
                case FORGETS -> -p.alpha()[p.kvIndex(t, kvHead, s.slot())];
                case KEEPS -> p.alpha()[p.kvIndex(t, kvHead, s.slot())];
                case READ, GIVEN -> p.readout()[p.qIndex(t, s.queryHead(), s.slot())];
            };
            if (v > bestValue) {
                bestValue = v;
                best = t;
            }
        }
        return best;
    }
}
