package org.gsaexplorer.visualizer.views;

import org.gsaexplorer.visualizer.derive.SlotMath;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.session.Selection;

/**
 * The line under an exported picture that says what it shows, so a figure keeps its context when it leaves the
 * explorer: model, current token, layer and head (and kv head, slot), and the ablation.
 */
public final class Caption {
    private Caption() {
    }

    /** "mqar-gsa-tiny · token 21 'k5' of 32 · layer 1, head 0 (kv head 0), slot 3 · ablated: no-forget"; "" without a model. */
    public static String of(ExplorerSnapshot s) {
        if (s.model() == null) return "";
        Selection sel = s.selection();
        StringBuilder b = new StringBuilder(s.model().name());
        int t = s.current();
        if (t >= 0 && t < s.computed()) b.append(" · token ").append(t).append(" '").append(s.main().tokens().text(t)).append("' of ").append(s.computed());
        b.append(" · layer ").append(sel.layer()).append(", head ").append(sel.head())
                .append(" (kv head ").append(SlotMath.kvHeadOf(sel.head(), s.model().config().groups())).append("), slot ").append(sel.slot());
        String badge = Titles.badge(s.main().ablations());
        b.append(" · ").append(badge == null ? "no ablation" : badge);
        if (s.baseline() != null) b.append(" (beside the baseline)");
        return b.toString();
    }
}
