package org.gsaexplorer.model.weights;

import org.gsaexplorer.model.Fixtures;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.backend.reference.ReferenceBackend;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.run.TraceRunner;
import org.gsaexplorer.model.ablation.Ablations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The 2024 FLA layout and 16-bit weights load and compute the same model as the dev fixture. */
class LayoutAndDtypeTest {
    @TempDir
    Path tmp;

    /** Copies the dev checkpoint, letting {@code rewrite} decide each tensor's name(s), dtype and data. */
    private Path rewrite(String name, BiConsumer<Tensor, SafeTensorsWriter> rewrite) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.copy(Fixtures.devModel().resolve("config.json"), dir.resolve("config.json"));
        SafeTensorsWriter w = new SafeTensorsWriter();
        try (Checkpoint src = Checkpoint.open(Fixtures.devModel())) {
            src.tensors().values().stream().sorted(java.util.Comparator.comparing(Tensor::name)).forEach(t -> rewrite.accept(t, w));
        }
        try (OutputStream out = Files.newOutputStream(dir.resolve("model.safetensors"))) {
            w.write(out);
        }
        return dir;
    }

    private static ForwardResult run(Path dir) {
        try (Checkpoint ck = Checkpoint.open(dir); LoadedModel m = new ReferenceBackend().load(ck)) {
            return TraceRunner.run(m, Fixtures.ids(Fixtures.devArrays().get("input_ids"), 1), false, Ablations.NONE, ProbeSpec.NONE);
        }
    }

    @Test
    void layout2024WithFusedMlpMatchesTheCurrentLayout() throws IOException {
        Map<String, float[]> ups = new java.util.HashMap<>();
        try (Checkpoint src = Checkpoint.open(Fixtures.devModel())) {
            src.tensors().forEach((n, t) -> {
                if (n.endsWith("mlp.up_proj.weight")) ups.put(n.replace("up_proj", "gate_proj"), t.toFloatArray());
            });
        }
        Path dir = rewrite("old", (t, w) -> {
            String n = t.name();
            if (n.endsWith("mlp.up_proj.weight")) return;
            float[] data = t.toFloatArray();
            long[] shape = t.shape();
            if (n.endsWith("mlp.gate_proj.weight")) { // fused [2I, D]: gate rows, then up rows
                float[] up = ups.get(n);
                float[] fused = java.util.Arrays.copyOf(data, data.length + up.length);
                System.arraycopy(up, 0, fused, data.length, up.length);
                data = fused;
                shape = new long[]{2 * shape[0], shape[1]};
            }
            n = n.replace("attn_norm.weight", "attn.norm.weight").replace("mlp_norm.weight", "mlp.norm.weight");
            w.put(n, DType.F32, data, shape);
        });
        try (Checkpoint ck = Checkpoint.open(dir)) {
            assertEquals(WeightLayout.FLA_2024, ck.layout());
        }
        try (Checkpoint ck = Checkpoint.open(Fixtures.devModel())) {
            assertEquals(WeightLayout.CURRENT, ck.layout());
        }
        assertEquals(0.0, Fixtures.maxAbsDiff(run(dir).logits(), run(Fixtures.devModel()).logits()));
    }

    @Test
    void bf16AndF16WeightsLoadAndStayClose() throws IOException {
        float[] ref = run(Fixtures.devModel()).logits();
        for (DType dt : new DType[]{DType.BF16, DType.F16}) {
            Path dir = rewrite(dt.name(), (t, w) -> w.put(t.name(), dt, t.toFloatArray(), t.shape()));
            try (Checkpoint ck = Checkpoint.open(dir)) {
                assertEquals(dt, ck.dominantDType());
            }
            double err = Fixtures.maxAbsDiff(run(dir).logits(), ref);
            assertTrue(err < (dt == DType.BF16 ? 0.1 : 0.01), dt + " max |Δlogit| = " + err);
            assertTrue(err > 0, dt + " weights are rounded, so some logit must move");
        }
    }

    @Test
    void shardedCheckpointLoadsThroughItsIndex() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("sharded"));
        Files.copy(Fixtures.devModel().resolve("config.json"), dir.resolve("config.json"));
        SafeTensorsWriter[] shards = {new SafeTensorsWriter(), new SafeTensorsWriter()};
        StringBuilder index = new StringBuilder("{\"metadata\": {}, \"weight_map\": {");
        try (Checkpoint src = Checkpoint.open(Fixtures.devModel())) {
            int i = 0;
            for (Tensor t : src.tensors().values()) {
                int shard = i++ % 2;
                shards[shard].put(t.name(), t.dtype(), t.toFloatArray(), t.shape());
                index.append(i > 1 ? ", " : "").append('"').append(t.name()).append("\": \"model-0000").append(shard + 1).append("-of-00002.safetensors\"");
            }
        }
        Files.writeString(dir.resolve(Checkpoint.INDEX), index.append("}}").toString());
        for (int s = 0; s < 2; s++)
            try (OutputStream out = Files.newOutputStream(dir.resolve("model-0000" + (s + 1) + "-of-00002.safetensors"))) {
                shards[s].write(out);
            }
        assertEquals(0.0, Fixtures.maxAbsDiff(run(dir).logits(), run(Fixtures.devModel()).logits()));
    }

    @Test
    void sixteenBitConversionsRoundToNearestEven() {
        assertEquals(1.0f, DType.BF16.roundTrip(1.0f));
        assertEquals(1.0078125f, DType.BF16.roundTrip(1.0078125f)); // exactly representable
        assertEquals(1.0f, DType.BF16.roundTrip(1.00390625f)); // tie → even
        assertEquals(1.015625f, DType.BF16.roundTrip(1.01171875f)); // tie → even (up)
        assertTrue(Float.isNaN(DType.BF16.roundTrip(Float.NaN)));
        assertEquals(65504f, DType.F16.roundTrip(65504f));
    }
}
