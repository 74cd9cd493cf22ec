package org.gsaexplorer.visualizer.render;

/**
 * Perceptually uniform colour maps as 256-entry ARGB tables, computed at start-up: a path through anchor colours is
 * laid out in CIELAB and sampled at equal arc length, so equal steps in value are equal perceived colour differences
 * (ΔE76). In the sequential maps (viridis and magma anchors, dark to light) lightness rises monotonically. The
 * diverging map (blue, near-white, red, after Moreland's cool-warm) is built as two halves of 128 entries each, so
 * the middle of a symmetric scale [−a, a], value 0, falls exactly on its light centre whatever the halves' lengths.
 */
public enum ColorMap {
    VIRIDIS(false, 0x440154, 0x3b528b, 0x21918c, 0x5ec962, 0xfde725),
    MAGMA(false, 0x000004, 0x3b0f70, 0x8c2981, 0xde4968, 0xfe9f6d, 0xfcfdbf),
    DIVERGING(true, 0x3b4cc0, 0x8db0fe, 0xf2f2f2, 0xf49a7b, 0xb40426);

    public static final int SIZE = 256;
    private final int[] table;
    private final boolean diverging;

    ColorMap(boolean diverging, int... anchors) {
        this.diverging = diverging;
        if (!diverging) table = build(anchors, SIZE);
        else {
            int mid = anchors.length / 2;
            int[] low = build(java.util.Arrays.copyOfRange(anchors, 0, mid + 1), SIZE / 2);
            int[] high = build(java.util.Arrays.copyOfRange(anchors, mid, anchors.length), SIZE / 2);
            table = new int[SIZE];
            System.arraycopy(low, 0, table, 0, SIZE / 2);
            // entries 127 and 128 are both the centre colour; a symmetric scale puts 0 at 128
            System.arraycopy(high, 0, table, SIZE / 2, SIZE / 2);
        }
    }

    /** Light in the middle and dark at both ends: for signed values on a scale centred on 0. */
    public boolean diverging() {
        return diverging;
    }

    /** ARGB of table entry i (0..255). */
    public int entry(int i) {
        return table[i];
    }

    /** Table index of value v on the scale [min, max] (clamped; NaN maps to 0). */
    public static int index(double v, double min, double max) {
        if (!(max > min)) return v > min ? SIZE - 1 : 0;
        double f = (v - min) / (max - min);
        if (!(f > 0)) return 0;
        if (f >= 1) return SIZE - 1;
        return (int) (f * SIZE);
    }

    public int argb(double v, double min, double max) {
        return table[index(v, min, max)];
    }

    private static int[] build(int[] anchors, int size) {
        double[][] lab = new double[anchors.length][];
        for (int i = 0; i < anchors.length; i++) lab[i] = Lab.fromRgb(anchors[i]);
        double[] cum = new double[anchors.length];
        for (int i = 1; i < anchors.length; i++) cum[i] = cum[i - 1] + Lab.distance(lab[i - 1], lab[i]);
        int[] out = new int[size];
        int seg = 0;
        for (int k = 0; k < size; k++) {
            double s = cum[cum.length - 1] * k / (size - 1);
            while (seg < anchors.length - 2 && s > cum[seg + 1]) seg++;
            double f = (s - cum[seg]) / (cum[seg + 1] - cum[seg]);
            double[] p = new double[3];
            for (int c = 0; c < 3; c++) p[c] = lab[seg][c] + f * (lab[seg + 1][c] - lab[seg][c]);
            out[k] = 0xff000000 | Lab.toRgb(p);
        }
        return out;
    }

    /** sRGB (D65) ↔ CIELAB. */
    static final class Lab {
        private static final double XN = 0.95047, YN = 1.0, ZN = 1.08883;

        static double[] fromRgb(int rgb) {
            double r = lin((rgb >> 16 & 255) / 255.0), g = lin((rgb >> 8 & 255) / 255.0), b = lin((rgb & 255) / 255.0);
            double x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b;
            double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
            double z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * b;
            double fx = f(x / XN), fy = f(y / YN), fz = f(z / ZN);
            return new double[]{116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
        }

        static int toRgb(double[] lab) {
            double fy = (lab[0] + 16) / 116, fx = fy + lab[1] / 500, fz = fy - lab[2] / 200;
            double x = XN * fInv(fx), y = YN * fInv(fy), z = ZN * fInv(fz);
            double r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
            double g = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
            double b = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
            return enc(r) << 16 | enc(g) << 8 | enc(b);
        }

        static double distance(double[] a, double[] b) {
            return Math.sqrt(sq(a[0] - b[0]) + sq(a[1] - b[1]) + sq(a[2] - b[2]));
        }

        private static double sq(double x) { return x * x; }

        private static double lin(double c) {
            return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
        }

        private static int enc(double c) {
            c = Math.max(0, Math.min(1, c));
            double s = c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
            return (int) Math.round(s * 255);
        }

        private static double f(double t) {
            return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
        }

        private static double fInv(double t) {
            return t * t * t > 216.0 / 24389 ? t * t * t : (116 * t - 16) * 27 / 24389;
        }
    }
}
