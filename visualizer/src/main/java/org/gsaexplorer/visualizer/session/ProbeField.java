package org.gsaexplorer.visualizer.session;

import org.gsaexplorer.model.probe.LayerProbe;

/** The recorded per-slot arrays of a layer; gate and memory fields belong to kv heads, readout fields to query heads. */
public enum ProbeField {
    ALPHA("forget gate α", false), WRITE("write weight 1−α", false), KEY_NORM("key slot norm", false),
    VALUE_NORM("value slot norm", false), READOUT("readout weight", true), READOUT_LOGITS("readout score", true);

    public final String label;
    public final boolean queryHead;

    ProbeField(String label, boolean queryHead) {
        this.label = label;
        this.queryHead = queryHead;
    }

    float[] of(LayerProbe p) {
        return switch (this) {
            case ALPHA -> p.alpha();
            case WRITE -> p.write();
            case KEY_NORM -> p.keyNorm();
            case VALUE_NORM -> p.valueNorm();
            case READOUT -> p.readout();
            case READOUT_LOGITS -> p.readoutLogits();
        };
    }
}
