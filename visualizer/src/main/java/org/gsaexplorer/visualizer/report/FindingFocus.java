package org.gsaexplorer.visualizer.report;

import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.probe.LayerProbe;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.report.Finding;
import org.gsaexplorer.visualizer.recall.ViewTarget;
import org.gsaexplorer.visualizer.views.ViewKind;

/**
 * Where the views go for a finding: its corpus window as the prompt, its layer, head and slot, the view that shows
 * the kind, and the token of the window where the slot does what the finding is about: written most (dead: even
 * there it stores nothing; frozen: what it then keeps), forgets most (amnesic), read most (unread, collapse: even
 * there it is read little, or the head's one slot). A non-finite finding goes to the token it names.
 */
final class FindingFocus {
    private FindingFocus() {
    }

    /** @param ids the window's tokens, or null when the finding has no window (then the prompt stays) */
    static ViewTarget target(LoadedModel m, Finding f, int[] ids, String text) {
        int groups = m.config().groups();
        boolean collapse = f.kind() == Finding.Kind.READOUT_COLLAPSE;
        int layer = Math.max(0, f.layer()), queryHead = collapse ? f.head() : Math.max(0, f.head()) * groups;
        int slot = Math.max(0, f.slot());
        if (f.kind() == Finding.Kind.NON_FINITE) slot = f.layer() < 0 ? 0 : slot;
        if (ids == null) return new ViewTarget(null, Integer.MAX_VALUE, layer, queryHead, slot, view(f.kind()), null);
        int token = token(m, f, ids, layer, queryHead, slot);
        return new ViewTarget(ids, token + 1, layer, queryHead, slot, view(f.kind()), null, text);
    }

    static ViewKind view(Finding.Kind k) {
        return switch (k) {
            case NON_FINITE -> ViewKind.OVERVIEW;
            case DEAD_SLOT -> ViewKind.OCCUPANCY;
            case AMNESIC_SLOT, FROZEN_SLOT -> ViewKind.GATES;
            case UNREAD_SLOT, READOUT_COLLAPSE -> ViewKind.READOUT;
        };
    }

    private static int token(LoadedModel m, Finding f, int[] ids, int layer, int queryHead, int slot) {
        if (f.kind() == Finding.Kind.NON_FINITE) {
            Double t = f.evidence().get("token");
            return t == null ? ids.length - 1 : (int) Math.clamp(t.longValue(), 0, ids.length - 1);
        }
        LayerProbe p;
        try (GsaSession s = m.newSession()) {
            p = s.prefill(ids, ProbeSpec.of(layer)).probes().get(layer);
        }
        int kvHead = queryHead / m.config().groups(), best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < p.tokens(); t++) {
            double v = switch (f.kind()) {
                case DEAD_SLOT, FROZEN_SLOT -> p.write()[p.kvIndex(t, kvHead, slot)];
                case AMNESIC_SLOT -> -p.alpha()[p.kvIndex(t, kvHead, slot)];
                default -> p.readout()[p.qIndex(t, queryHead, slot)];
            };
            if (v > bestValue) {
                bestValue = v;
                best = t;
            }
        }
        return best;
    }
}
