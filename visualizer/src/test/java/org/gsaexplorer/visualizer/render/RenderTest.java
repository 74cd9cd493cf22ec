package org.gsaexplorer.visualizer.render;

import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.io.NpyArray;
import org.gsaexplorer.model.io.Npz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class RenderTest {
    @Test
    void colourMapsAreEvenlySpacedInLabAndGetLighter() {
        for (ColorMap cm : ColorMap.values()) {
            if (cm.diverging()) continue;
            double min = Double.MAX_VALUE, max = 0;
            for (int i = 0; i + 16 < ColorMap.SIZE; i += 16) {
                double[] a = ColorMap.Lab.fromRgb(cm.entry(i)), b = ColorMap.Lab.fromRgb(cm.entry(i + 16));
                double d = ColorMap.Lab.distance(a, b);
                min = Math.min(min, d);
                max = Math.max(max, d);
                assertTrue(b[0] > a[0], cm + " lightness falls after " + i);
            }
            // 8-bit rounding and gamut clipping near black perturb the steps (magma ≈ 1.46); rainbow maps exceed 5
            assertTrue(max / min < 1.5, cm + " step ratio " + max / min);
        }
        assertEquals(0, ColorMap.index(Double.NaN, 0, 1));
        assertEquals(255, ColorMap.index(1, 0, 1));
        assertEquals(128, ColorMap.index(0.5, 0, 1));
    }

    @Test
    void exportsWriteExactlyTheNumbersShownAndNeverOverwriteSilently(@TempDir Path dir) {
        Heatmap h = new Heatmap("t", "slot", "token", "v", 2, 3, new float[]{0.1f, 0.2f, Float.NaN, 1e-7f, 5f, -2f}, -2, 5,
                ColorMap.VIRIDIS, r -> "slot " + r, c -> c + ":k" + c, 2);
        String csv = DataExport.csv(h);
        assertEquals("slot \\ token,0:k0,1:k1,2:k2\nslot 0,0.1,0.2,\nslot 1,1.0E-7,5.0,-2.0\n", csv);
        Path npz = dir.resolve("h.npz");
        DataExport.writeNpz(h, npz, false);
        Map<String, NpyArray> back = Npz.read(npz);
        assertArrayEquals(new int[]{2, 3}, back.get("values").shape());
        assertEquals(5f, back.get("values").toFloats()[4]);
        assertThrows(GsaException.class, () -> DataExport.writeNpz(h, npz, false));
        Path svg = dir.resolve("h.svg");
        HeatmapSvg.write(h, 400, 200, svg, false);
        assertTrue(assertDoesNotThrow(() -> Files.readString(svg)).contains("<svg"));
        int[] argb = new int[6];
        h.raster(argb);
        assertEquals(ColorMap.VIRIDIS.argb(0.2f, -2, 5), argb[1]);
        assertEquals(0xff2a2a2e, argb[2]);
    }
}
