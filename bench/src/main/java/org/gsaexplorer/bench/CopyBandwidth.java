package org.gsaexplorer.bench;

/**
 * The memory bandwidth this JVM gets on a large array copy, the ceiling a memory-bound decoder can approach. Counted
 * as bytes read plus bytes written per second, the convention of device-to-device copy figures for GPUs.
 */
public final class CopyBandwidth {
    private CopyBandwidth() {
    }

    /** GB/s (10⁹ bytes) over {@code reps} copies of {@code bytes}, after one warm-up copy. */
    public static Stats measure(int bytes, int reps) {
        byte[] src = new byte[bytes], dst = new byte[bytes];
        java.util.Arrays.fill(src, (byte) 1);
        System.arraycopy(src, 0, dst, 0, bytes);
        double[] gbs = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            System.arraycopy(src, 0, dst, 0, bytes);
            long dt = System.nanoTime() - t0;
            gbs[r] = gbPerSecond(2.0 * bytes, dt);
        }
        if (dst[bytes - 1] != 1) throw new IllegalStateException("copy did not happen");
        return Stats.of(gbs);
    }

    /** A copy big enough to defeat the caches but a small part of the heap: 256 MB, or an eighth of the heap if smaller. */
    public static int defaultBytes() {
        return (int) Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 8);
    }

    static double gbPerSecond(double bytes, long nanos) {
        return bytes / nanos;
    }
}
