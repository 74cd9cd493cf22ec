package org.gsaexplorer.visualizer.render;

/**
 * The colour scale a heatmap on screen uses, as the user set it: a {@link ColorScale} and a lock that keeps the
 * range shown when it was locked while the cursor, layer or head move (so colours compare across steps). One instance
 * may serve several heatmaps drawn on one shared scale (the compare view's two sides). No FX: tested without a display.
 */
public final class ColorScaling {
    private ColorScale scale;
    private boolean locked;
    private double lockedMin = Double.NaN, lockedMax = Double.NaN, lastMin = Double.NaN, lastMax = Double.NaN;

    public ColorScaling(ColorScale initial) {
        scale = initial;
    }

    public ColorScale scale() {
        return scale;
    }

    public boolean locked() {
        return locked;
    }

    /** Switches the scale; a lock then holds the first range drawn on the new one. */
    public void setScale(ColorScale s) {
        scale = s;
        lockedMin = lockedMax = lastMin = lastMax = Double.NaN;
    }

    /** Locks the range last drawn (or the next one, if none has been), or unlocks. */
    public void setLocked(boolean on) {
        locked = on;
        lockedMin = on ? lastMin : Double.NaN;
        lockedMax = on ? lastMax : Double.NaN;
    }

    /**
     * The heatmaps redrawn on this scale over one shared range: the union of what the scale gives each (for a log
     * scale, from the smaller floor), or the locked range while locked.
     */
    public Heatmap[] apply(Heatmap... hs) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        Heatmap[] out = new Heatmap[hs.length];
        for (int i = 0; i < hs.length; i++) {
            out[i] = hs[i].rescaled(scale);
            lo = Math.min(lo, out[i].min());
            hi = Math.max(hi, out[i].max());
        }
        if (locked && Double.isNaN(lockedMin)) {
            lockedMin = lo;
            lockedMax = hi;
        }
        if (locked) {
            lo = lockedMin;
            hi = lockedMax;
        }
        lastMin = lo;
        lastMax = hi;
        for (int i = 0; i < out.length; i++) out[i] = out[i].withScale(scale, lo, hi);
        return out;
    }

    /** One heatmap redrawn on this scale. */
    public Heatmap apply(Heatmap h) {
        return apply(new Heatmap[]{h})[0];
    }

    /** A short description for the canvas, e.g. "log, locked". */
    public String describe() {
        return scale.label + (locked ? ", locked" : "");
    }
}
