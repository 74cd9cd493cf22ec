package org.gsaexplorer.visualizer.render;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Colour scales for readouts saturated by a few one-hot reads, the range lock, shared scales and the diverging map. */
class ColorScalingTest {
    /** 10 rows × 20 columns like a readout: row 0 reads one slot with weight 1, the rest spread ≤ 0.04. */
    static Heatmap saturated() {
        float[] v = new float[200];
        for (int r = 0; r < 10; r++)
            for (int c = 0; c < 20; c++) v[r * 20 + c] = r == 0 ? (c == 0 ? 1f : 0f) : 0.002f * (c + 1);
        double[] range = Heatmap.range(v, true);
        return new Heatmap("readout", "query token", "slot", "p", 10, 20, v, range[0], range[1], ColorMap.MAGMA,
                r -> "t" + r, c -> "slot " + c, -1);
    }

    @Test
    void aLinearScalePaintsTheSpreadReadsNearlyBlackTheOthersSpreadThem() {
        Heatmap h = saturated();
        // the largest spread read, 0.04, is 4 % up a linear scale
        assertTrue(h.argb(5, 19) == ColorMap.MAGMA.entry(10), Integer.toHexString(h.argb(5, 19)));
        Heatmap clipped = h.rescaled(ColorScale.PERCENTILE);
        assertEquals(0.04, clipped.max(), 1e-6, "the 99th percentile of the values is the largest spread read");
        assertEquals(ColorMap.MAGMA.entry(255), clipped.argb(5, 19));
        assertEquals(ColorMap.MAGMA.entry(255), clipped.argb(0, 0), "the one-hot read saturates");
        assertEquals("≥0.040", clipped.barLabel(1));
        Heatmap log = h.rescaled(ColorScale.LOG);
        assertEquals(0.002, log.min(), 1e-6, "from the smallest positive value, within four decades of the maximum");
        assertEquals(ColorMap.index(Math.log10(0.01 / 0.002) / Math.log10(1 / 0.002), 0, 1), ColorScale.LOG.index(0.01, log.min(), log.max()));
        assertEquals(PlotLayout.format(Math.sqrt(0.002)), log.barLabel(0.5), "the bar's middle is the geometric mean");
        float[] tiny = h.values().clone();
        tiny[25] = 1e-9f;
        Heatmap wide = new Heatmap("r", "q", "s", "p", 10, 20, tiny, 0, 1, ColorMap.MAGMA, r -> "", c -> "", -1).rescaled(ColorScale.LOG);
        assertEquals(1e-4, wide.min(), 1e-12, "at most four decades");
        Heatmap row = h.rescaled(ColorScale.ROW);
        for (int r = 0; r < 10; r++) assertEquals(ColorMap.MAGMA.entry(255), row.argb(r, r == 0 ? 0 : 19), "each row's maximum is the top colour");
        assertEquals(ColorMap.MAGMA.entry(0), row.argb(3, 0), "and its minimum the bottom one");
        assertEquals("row max", row.barLabel(1));
        // the numbers never change, only their colours
        assertArrayEquals(h.values(), clipped.values());
        int[] px = new int[200];
        clipped.raster(px);
        assertEquals(clipped.argb(7, 3), px[7 * 20 + 3]);
    }

    @Test
    void aLockedScaleKeepsItsRangeWhileTheDataMovesOn() {
        ColorScaling s = new ColorScaling(ColorScale.LINEAR);
        Heatmap h = saturated();
        assertEquals(1.0, s.apply(h).max(), 1e-9);
        s.setLocked(true);
        float[] doubled = h.values().clone();
        for (int i = 0; i < doubled.length; i++) doubled[i] *= 2;
        Heatmap next = new Heatmap("readout", "q", "s", "p", 10, 20, doubled, 0, 2, ColorMap.MAGMA, r -> "", c -> "", -1);
        Heatmap shown = s.apply(next);
        assertEquals(1.0, shown.max(), 1e-9, "locked: the range of the step it was locked on");
        assertEquals(ColorMap.MAGMA.entry(255), shown.argb(0, 0), "values past a locked range saturate");
        assertEquals("linear, locked", s.describe());
        s.setLocked(false);
        assertEquals(2.0, s.apply(next).max(), 1e-9);
        // a lock set before anything was drawn holds the first range drawn
        ColorScaling early = new ColorScaling(ColorScale.PERCENTILE);
        early.setLocked(true);
        assertEquals(0.04, early.apply(h).max(), 1e-6);
        assertEquals(0.04, early.apply(next).max(), 1e-6);
    }

    @Test
    void heatmapsDrawnTogetherShareOneRange() {
        Heatmap a = saturated();
        float[] half = a.values().clone();
        for (int i = 0; i < half.length; i++) half[i] *= 0.5f;
        Heatmap b = new Heatmap("baseline", "q", "s", "p", 10, 20, half, 0, 0.5, ColorMap.MAGMA, r -> "", c -> "", -1);
        Heatmap[] both = new ColorScaling(ColorScale.LINEAR).apply(a, b);
        assertEquals(both[0].min(), both[1].min());
        assertEquals(1.0, both[1].max(), 1e-9, "the baseline is drawn on the union of both ranges");
        // the same number is the same colour on both sides
        assertEquals(both[0].argb(5, 9), both[1].argb(5, 19));
        assertNotEquals(both[0].argb(5, 10), both[1].argb(5, 10));
    }

    @Test
    void theDivergingMapIsLightAtZeroAndDarkAtBothEnds() {
        ColorMap d = ColorMap.DIVERGING;
        assertTrue(d.diverging());
        double centre = ColorMap.Lab.fromRgb(d.argb(0, -3, 3))[0];
        double low = ColorMap.Lab.fromRgb(d.argb(-3, -3, 3))[0], high = ColorMap.Lab.fromRgb(d.argb(3, -3, 3))[0];
        assertTrue(centre > 90 && low < 55 && high < 55, centre + " " + low + " " + high);
        // lightness rises to the centre and falls after it, blue below and red above
        for (int i = 0; i + 8 < ColorMap.SIZE / 2; i += 8)
            assertTrue(ColorMap.Lab.fromRgb(d.entry(i + 8))[0] > ColorMap.Lab.fromRgb(d.entry(i))[0], "step " + i);
        for (int i = ColorMap.SIZE / 2; i + 8 < ColorMap.SIZE; i += 8)
            assertTrue(ColorMap.Lab.fromRgb(d.entry(i + 8))[0] < ColorMap.Lab.fromRgb(d.entry(i))[0], "step " + i);
        assertTrue((d.entry(0) & 0xff) > (d.entry(0) >> 16 & 0xff), "negative is blue");
        assertTrue((d.entry(255) >> 16 & 0xff) > (d.entry(255) & 0xff), "positive is red");
        // percentile clipping of signed values stays centred on 0
        Heatmap s = new Heatmap("K", "slot", "dim", "K", 1, 4, new float[]{-10, -1, 1, 2}, -10, 10, d, r -> "", c -> "", -1);
        Heatmap clipped = s.rescaled(ColorScale.PERCENTILE);
        assertEquals(-clipped.max(), clipped.min(), 1e-9);
    }
}
