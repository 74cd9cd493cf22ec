package org.gsaexplorer.model.patch;

import org.gsaexplorer.model.StateRegion;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.error.GsaException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one patched component is: the whole recurrent state, one layer's (slots and short-conv history), one kv head's
 * slots (key and value rows), or one slot (its key row and value row).
 */
public enum PatchGrain {
    STATE, LAYER, HEAD, SLOT;

    /** The components of a sweep of this grain over {@code layers}, in [layer][kv head][slot] order (one for state). */
    public List<StateRegion> components(int[] layers, GsaConfig c) {
        List<StateRegion> out = new ArrayList<>();
        if (this == STATE) return List.of(StateRegion.WHOLE);
        for (int l : layers) {
            if (this == LAYER) out.add(new StateRegion.Layer(l));
            else
                for (int h = 0; h < c.numKvHeads(); h++) {
                    if (this == HEAD) out.add(new StateRegion.Head(l, h));
                    else for (int m = 0; m < c.numSlots(); m++) out.add(new StateRegion.Slot(l, h, m));
                }
        }
        return out;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PatchGrain parse(String s) {
        for (PatchGrain g : values()) if (g.id().equals(s)) return g;
        throw new GsaException("grain '" + s + "': must be state, layer, head or slot");
    }
}
