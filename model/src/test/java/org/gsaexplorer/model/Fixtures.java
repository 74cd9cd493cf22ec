package org.gsaexplorer.model;

import org.gsaexplorer.model.io.NpyArray;
import org.gsaexplorer.model.io.Npz;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

/** The FLA reference fixtures copied into test resources, and the sample models shipped in samples/. */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path dir(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path devModel() {
        return dir("fla-gsa-dev").resolve("model");
    }

    public static Map<String, NpyArray> devArrays() {
        return Npz.read(dir("fla-gsa-dev").resolve("fixture.npz"));
    }

    /** samples/ at the repository root (tests run from the module folder). */
    public static Path sample(String name) {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !p.resolve("samples").toFile().isDirectory()) p = p.getParent();
        if (p == null) throw new IllegalStateException("samples/ not found above " + Path.of("").toAbsolutePath());
        return p.resolve("samples").resolve(name);
    }

    /** Row {@code seq} of a [2, T] id array. */
    public static int[] ids(NpyArray a, int seq) {
        int t = a.shape()[1];
        int[] out = new int[t];
        for (int i = 0; i < t; i++) out[i] = (int) a.get(seq, i);
        return out;
    }

    public static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs((double) a[i] - b[i]));
        return m;
    }
}
