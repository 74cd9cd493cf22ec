package org.gsaexplorer.model.patch;

import org.gsaexplorer.model.error.GsaException;

import java.util.Locale;

/**
 * What one patched component is: the whole recurrent state, one layer's (slots and short-conv history), one kv head's
 * slots (key and value rows), or one slot (its key row and value row).
 */
public enum PatchGrain {
    STATE, LAYER, HEAD, SLOT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PatchGrain parse(String s) {
        for (PatchGrain g : values()) if (g.id().equals(s)) return g;
        throw new GsaException("grain '" + s + "': must be state, layer, head or slot");
    }
}
