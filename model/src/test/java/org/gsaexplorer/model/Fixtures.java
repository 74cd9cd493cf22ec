package org.gsaexplorer.model;

import org.gsaexplorer.model.io.NpyArray;
import org.gsaexplorer.model.io.Npz;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.LayerProbe;
import org.gsaexplorer.model.probe.ProbeSpec;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** Sequence {@code seq} of a [S, T, V] logits array, as [T·V] floats. */
    public static float[] logits(NpyArray a, int seq) {
        int t = a.shape()[1], v = a.shape()[2];
        float[] out = new float[t * v];
        for (int i = 0; i < out.length; i++) out[i] = (float) a.data()[seq * t * v + i];
        return out;
    }

    /** Layer {@code l} of an array laid out [L, ...] with {@code n} values per layer. */
    public static float[] layer(NpyArray a, int l, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) a.data()[l * n + i];
        return out;
    }

    /** Runs ids through s token by token, or as one prefill. */
    public static ForwardResult run(GsaSession s, int[] ids, boolean prefill, ProbeSpec probes) {
        if (prefill) return s.prefill(ids, probes);
        List<ForwardResult> parts = new ArrayList<>();
        for (int id : ids) parts.add(s.step(id, probes));
        return ForwardResult.concat(parts);
    }

    /** Runs ids through a fresh session of {@code model}, token by token or as one prefill. */
    public static ForwardResult run(LoadedModel model, int[] ids, boolean prefill, ProbeSpec probes) {
        try (GsaSession s = model.newSession()) {
            return run(s, ids, prefill, probes);
        }
    }

    /** Each probe array by its fixture name (after the "seq0_" prefix). */
    public static final Map<String, Function<LayerProbe, float[]>> PROBES = new LinkedHashMap<>();

    static {
        PROBES.put("alpha", LayerProbe::alpha);
        PROBES.put("write", LayerProbe::write);
        PROBES.put("key_row_norm", LayerProbe::keyNorm);
        PROBES.put("value_row_norm", LayerProbe::valueNorm);
        PROBES.put("readout", LayerProbe::readout);
        PROBES.put("readout_logits", LayerProbe::readoutLogits);
    }

    /** Every probe array of layers 0 and 1 of r (sequence 0 of the dev fixture) within tol of what FLA recorded. */
    public static void assertProbesMatch(Map<String, NpyArray> fx, ForwardResult r, double tol, String mode) {
        for (var e : PROBES.entrySet()) {
            NpyArray ref = fx.get("seq0_" + e.getKey()); // [L, T, H, M], same order as ours per layer
            for (int l = 0; l < 2; l++) {
                float[] ours = e.getValue().apply(r.probes().get(l));
                double err = maxAbsDiff(ours, layer(ref, l, ours.length));
                assertTrue(err < tol, e.getKey() + " layer " + l + " " + mode + " max |Δ| = " + err);
            }
        }
    }

    /** Both layers' key and value slot memories after sequence 0 of the dev fixture within tol of FLA's. */
    public static void assertFinalSlotsMatch(Map<String, NpyArray> fx, RecurrentState st, double tol) {
        for (int l = 0; l < 2; l++) {
            int n = st.keySlots()[l].length;
            assertTrue(maxAbsDiff(st.keySlots()[l], layer(fx.get("seq0_key_mem_final"), l, n)) < tol);
            assertTrue(maxAbsDiff(st.valueSlots()[l], layer(fx.get("seq0_value_mem_final"), l, n)) < tol);
        }
    }

    public static int argmax(float[] x) {
        int b = 0;
        for (int i = 1; i < x.length; i++) if (x[i] > x[b]) b = i;
        return b;
    }
}
