package org.gsaexplorer.bench;

import org.gsaexplorer.bench.sequence.GsaSequenceModel;
import org.gsaexplorer.bench.sequence.SequenceModel;
import org.gsaexplorer.bench.sequence.SequenceSession;
import org.gsaexplorer.model.Backend;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.backend.Backends;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.weights.Checkpoint;
import org.gsaexplorer.model.weights.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Bytes per token, state bytes and achieved bandwidth, worked by hand for the tiny (sample) shape. */
class BenchArithmeticTest {
    // D=128, 2 layers, 2 heads, M=64, V=256, I=512 (341 rounded up to 256s), short conv 4. Per layer: norms 3×128,
    // q, k, v, f, o 5×128×128, convs 3×128×4, MLP 3×512×128.
    private static final long LAYER = 3 * 128 + 5 * 128 * 128 + 3 * 128 * 4 + 3 * 512 * 128;
    // both layers, final norm, LM head 256×128 and one embedding row
    private static final long READ_PER_TOKEN = 2 * LAYER + 128 + 256 * 128 + 128;
    // key and value slots 2 heads × 64 × (64 + 64), conv history (128 + 128 + 128) × 3, per layer, fp32
    private static final long STATE = 2 * (2 * 64 * 128 + 384 * 3) * 4;

    @Test
    void gsaBytesOnTheTinyShape(@TempDir Path dir) {
        RandomCheckpoint.write(dir, ModelShape.preset("tiny"), DType.BF16, 5);
        try (Checkpoint ck = Checkpoint.open(dir); Backend b = Backends.create("reference"); LoadedModel m = b.load(ck)) {
            assertEquals(DType.BF16, ck.dominantDType());
            GsaSequenceModel cpu = new GsaSequenceModel(ck, m, 4);
            assertEquals(READ_PER_TOKEN * 4, cpu.weightBytesPerToken());
            assertEquals(READ_PER_TOKEN * 2, new GsaSequenceModel(ck, m, 2).weightBytesPerToken());
            assertEquals(STATE, cpu.stateBytes(1));
            assertEquals(STATE, cpu.stateBytes(1 << 20));
            try (GsaSession s = m.newSession()) {
                s.prefill(new int[]{1, 2, 3}, ProbeSpec.NONE);
                assertEquals(STATE, s.saveState().bytes());
            }
        }
    }

    @Test
    void randomCheckpointFileHasTheAdvertisedSize(@TempDir Path dir) throws Exception {
        ModelShape tiny = ModelShape.preset("tiny");
        RandomCheckpoint.write(dir, tiny, DType.F32, 1);
        long file = Files.size(dir.resolve("model.safetensors"));
        long data = RandomCheckpoint.dataBytes(tiny, DType.F32);
        // weights: every layer, the embedding and the LM head, 4 bytes each
        assertEquals((2 * LAYER + 128 + 2 * 256 * 128) * 4, data);
        long header = file - data;
        assertEquals(0, (header - 8) % 8, "the header is padded to 8 bytes");
    }

    @Test
    void achievedBandwidthIsBytesTimesRate() {
        SequenceModel m = new SequenceModel() {
            @Override public String arch() { return "transformer"; }
            @Override public String engine() { return "java"; }
            @Override public int vocabSize() { return 10; }
            @Override public long parameterCount() { return 250_000_000; }
            @Override public long weightBytesPerToken() { return 1_000_000_000; }
            @Override public long matmulParametersPerToken() { return 200_000_000; }
            @Override public long stateBytes(int context) { return 1000L * context; }
            @Override public SequenceSession newSession() { throw new UnsupportedOperationException(); }
        };
        // 4 ms/token → 250 tokens/s; (1e9 + 2e6) bytes per token → 250.5 GB/s
        BenchReport.DecodePoint p = BenchReport.DecodePoint.of(m, 2000, Stats.of(4, 3, 5));
        assertEquals(250, p.tokensPerSecond(), 1e-9);
        assertEquals(1_002_000_000L, p.bytesPerToken());
        assertEquals(250.5, p.achievedGBps(), 1e-9);
        // a 10 GB/s copy bandwidth streams 1 GB of weights 10 times a second
        assertEquals(10, BenchReport.ModelInfo.of(m, Stats.of(10)).ceilingTokensPerSecond(), 1e-9);
        // prefill at 100 tokens/s multiplies 2e8 weights per token, 2 FLOP each → 40 GFLOP/s
        assertEquals(40, BenchReport.PrefillPoint.of(m, 64, Stats.of(100, 90, 110)).achievedGFlops(), 1e-9);
    }

    @Test
    void statsUseTheMedianAndRange() {
        Stats odd = Stats.of(5, 1, 3);
        assertEquals(3, odd.median());
        assertEquals(1, odd.min());
        assertEquals(5, odd.max());
        assertEquals(2.5, Stats.of(4, 1, 2, 3).median());
        Stats rate = Stats.of(2, 4, 5).inverse(1000);
        assertEquals(250, rate.median());
        assertEquals(200, rate.min());
        assertEquals(500, rate.max());
    }
}
