package org.gsaexplorer.model.backend.vector;

import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.ablation.Readout;
import org.gsaexplorer.model.backend.reference.ChunkedSlotMemory;
import org.gsaexplorer.model.backend.reference.PrefillMemory;
import org.gsaexplorer.model.config.FeatureMap;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.ops.ForgetGate;
import org.gsaexplorer.model.probe.LayerProbe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vector backend's chunked slot memory against the reference's plain ChunkedSlotMemory, on one layer's random
 * inputs over a grid of shapes (slot counts and head widths off the vector length, dk ≠ dv, grouped heads), run
 * lengths that are not multiples of the chunk, ablations and gate edits, with and without probes.
 */
class VectorChunkedMemoryTest {
    static final int LAYER = 1;
    static final double TOL = 1e-4;
    static final WorkerPool POOL = new WorkerPool(3);

    /** hidden size, query heads, kv heads, slots, expand_k: dk = D·expand_k / H, dv = D / H. */
    static Stream<GsaConfig> shapes() {
        return Stream.of(config(64, 2, 2, 16, 1), config(48, 4, 2, 24, 1), config(64, 4, 1, 20, 0.5),
                config(96, 2, 1, 64, 2), config(256, 4, 4, 64, 1));
    }

    static Stream<Ablations> ablations() {
        return Stream.of(Ablations.NONE, Ablations.NONE.withSlotBudget(7), Ablations.NONE.withReadout(Readout.RELU),
                Ablations.NONE.withNoForget(true), Ablations.NONE.withConstantDecay(0.05f),
                Ablations.parseAll(List.of("knockout=1:0:3@9", "force-gate=1:0:5=0@2-40", "force-gate=1:0:1=1")),
                Ablations.parseAll(List.of("clamp-readout=1:1:6", "knockout=1:0:0")));
    }

    static Stream<Arguments> grid() {
        Stream<Arguments> ablated = shapes().flatMap(c -> ablations().flatMap(a -> Stream.of(
                Arguments.of(c, a, 45, 7, true), Arguments.of(c, a, 70, 16, false))));
        return Stream.concat(ablated, shapes().map(c -> Arguments.of(c, Ablations.NONE, 1, 16, true)));
    }

    @ParameterizedTest
    @MethodSource("grid")
    void matchesTheReference(GsaConfig c, Ablations ab, int t, int chunk, boolean probed) {
        ab.check(c);
        Layer in = new Layer(c, ab, t, new Random(t * 31L + chunk));
        Layer expected = in.copy(), actual = in.copy();
        expected.run(new ChunkedSlotMemory(64), probed);
        actual.run(new VectorChunkedMemory(POOL, chunk), probed);
        String what = c.numHeads() + "/" + c.numKvHeads() + " heads, M=" + c.numSlots() + ", dk=" + c.headKDim()
                + ", " + ab.describe() + ", T=" + t + ", chunk " + chunk;
        close(expected.z, actual.z, what + ": z");
        close(expected.p, actual.p, what + ": p");
        close(expected.o, actual.o, what + ": o");
        close(expected.key, actual.key, what + ": key slots after");
        close(expected.value, actual.value, what + ": value slots after");
        if (probed) {
            close(expected.probe.keyNorm(), actual.probe.keyNorm(), what + ": key norms");
            close(expected.probe.valueNorm(), actual.probe.valueNorm(), what + ": value norms");
        }
    }

    private static void close(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++)
            assertTrue(Math.abs(expected[i] - actual[i]) <= TOL * (1 + Math.abs(expected[i])),
                    what + " [" + i + "]: " + expected[i] + " vs " + actual[i]);
    }

    /** One layer's inputs (gates through ForgetGate, so the ablations and edits are in them) and outputs. */
    private static final class Layer {
        final GsaConfig c;
        final Ablations ab;
        final int t;
        float[] key, value, q, k, v, alpha, write, z, p, o;
        LayerProbe probe;

        Layer(GsaConfig c, Ablations ab, int t, Random r) {
            this.c = c;
            this.ab = ab;
            this.t = t;
            int hq = c.numHeads(), hkv = c.numKvHeads(), m = c.numSlots();
            key = random(r, hkv * m * c.headKDim(), 0.5f);
            value = random(r, hkv * m * c.headVDim(), 0.5f);
            q = random(r, t * hq * c.headKDim(), 0.3f);
            k = random(r, t * hkv * c.headKDim(), 0.3f);
            v = random(r, t * hkv * c.headVDim(), 1f);
            float[] f = random(r, t * hkv * m, 6f);
            alpha = new float[f.length];
            write = new float[f.length];
            ForgetGate.fill(f, t, c, LAYER, 0, ab, alpha, write);
        }

        private Layer(Layer o) {
            c = o.c;
            ab = o.ab;
            t = o.t;
            key = o.key.clone();
            value = o.value.clone();
            q = o.q;
            k = o.k;
            v = o.v;
            alpha = o.alpha;
            write = o.write;
        }

        Layer copy() {
            return new Layer(this);
        }

        void run(PrefillMemory memory, boolean probed) {
            int hq = c.numHeads(), m = c.numSlots();
            probe = probed ? LayerProbe.allocate(LAYER, t, c.numKvHeads(), hq, m) : null;
            z = probed ? probe.readoutLogits() : new float[t * hq * m];
            p = probed ? probe.readout() : new float[t * hq * m];
            o = new float[t * hq * c.headVDim()];
            memory.forward(c, ab, LAYER, key, value, q, k, v, alpha, write, t, z, p, o, probe);
        }

        private static float[] random(Random r, int n, float scale) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian() * scale;
            return x;
        }
    }

    private static GsaConfig config(int d, int heads, int kvHeads, int slots, double expandK) {
        return new GsaConfig(d, 2, heads, kvHeads, slots, expandK, 1, FeatureMap.SWISH, 8, false, 4, true, 1e-6, 4 * d,
                "swish", false, 1000, null, 1, 2);
    }
}
