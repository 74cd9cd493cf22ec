package org.gsaexplorer.model.probe;

import org.gsaexplorer.model.error.GsaException;

import java.util.BitSet;

/** Which layers' internals to record. Layers not asked for cost nothing. */
public final class ProbeSpec {
    public static final ProbeSpec NONE = new ProbeSpec(new BitSet());

    private final BitSet layers;

    private ProbeSpec(BitSet layers) {
        this.layers = layers;
    }

    public static ProbeSpec all(int numLayers) {
        BitSet b = new BitSet();
        b.set(0, numLayers);
        return new ProbeSpec(b);
    }

    public static ProbeSpec of(int... layers) {
        BitSet b = new BitSet();
        for (int l : layers) b.set(l);
        return new ProbeSpec(b);
    }

    /** Parses {@code all} or a comma list like {@code 0,3}, checked against the model's layer count. */
    public static ProbeSpec parse(String s, int numLayers) {
        if (s == null || s.equals("all")) return all(numLayers);
        if (s.equals("none")) return NONE;
        BitSet b = new BitSet();
        for (String part : s.split(",")) {
            try {
                int l = Integer.parseInt(part.trim());
                if (l < 0 || l >= numLayers) throw new GsaException("--layers: layer " + l + " does not exist (the model has layers 0.." + (numLayers - 1) + ")");
                b.set(l);
            } catch (NumberFormatException e) {
                throw new GsaException("--layers: '" + part + "' is not a layer number (use all or a list like 0,3)");
            }
        }
        return new ProbeSpec(b);
    }

    public boolean includes(int layer) {
        return layers.get(layer);
    }

    public boolean isEmpty() {
        return layers.isEmpty();
    }

    public int[] layers() {
        return layers.stream().toArray();
    }
}
