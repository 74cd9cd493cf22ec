package org.gsaexplorer.model.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The malformed-checkpoint corpus in src/test/resources/malformed: one folder per defect, each with the exact one-line
 * message expected in {@value #EXPECTED} ({@code {dir}} stands for the folder as given to the loader), or, for a model
 * that opens but overflows when run, in {@value #EXPECTED_TRACE}. The CLI tests in app/ read the stored folders; this
 * class writes them, and {@link MalformedCorpusTest} checks the stored copy is what it writes. Regenerate with
 * {@code mvn -o -pl model test -Dtest=MalformedCorpusTest -Dgsa.corpus.write=true}.
 */
final class MalformedCorpus {
    static final String EXPECTED = "expected-error.txt";
    static final String EXPECTED_TRACE = "expected-trace-error.txt";
    static final String DIR = "{dir}";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int D = 8, V = 16, I = 16;

    private MalformedCorpus() {
    }

    /** A valid one-layer model: hidden 8, 2 heads, 4 slots, vocab 16, current FLA layout. */
    static ObjectNode config() {
        ObjectNode n = JSON.createObjectNode();
        n.put("model_type", "gsa").put("hidden_size", D).put("num_hidden_layers", 1).put("num_heads", 2)
                .put("num_kv_heads", 2).put("num_slots", 4).put("expand_k", 1).put("expand_v", 1)
                .put("feature_map", "swish").put("gate_logit_normalizer", 8).put("use_short_conv", false)
                .put("conv_size", 4).put("elementwise_affine", true).put("norm_eps", 1e-6).put("intermediate_size", I)
                .put("hidden_act", "swish").put("tie_word_embeddings", false).put("vocab_size", V);
        return n;
    }

    /** The valid model's tensors, name → shape, in file order. */
    static Map<String, long[]> shapes() {
        Map<String, long[]> s = new LinkedHashMap<>();
        s.put("model.embeddings.weight", new long[]{V, D});
        String p = "model.layers.0.";
        s.put(p + "attn_norm.weight", new long[]{D});
        for (String m : new String[]{"q_proj", "k_proj", "v_proj", "f_proj", "o_proj"}) s.put(p + "attn." + m + ".weight", new long[]{D, D});
        s.put(p + "attn.g_norm.weight", new long[]{D});
        s.put(p + "mlp_norm.weight", new long[]{D});
        s.put(p + "mlp.gate_proj.weight", new long[]{I, D});
        s.put(p + "mlp.up_proj.weight", new long[]{I, D});
        s.put(p + "mlp.down_proj.weight", new long[]{D, I});
        s.put("model.norm.weight", new long[]{D});
        s.put("lm_head.weight", new long[]{V, D});
        return s;
    }

    /** Deterministic small weights (norm weights 1), so the corpus is reproducible byte for byte. */
    static Map<String, float[]> weights() {
        Map<String, float[]> w = new LinkedHashMap<>();
        int k = 0;
        for (var e : shapes().entrySet()) {
            float[] a = new float[(int) Arrays.stream(e.getValue()).reduce(1, (x, y) -> x * y)];
            boolean norm = e.getValue().length == 1;
            for (int i = 0; i < a.length; i++) a[i] = norm ? 1f : ((k++ * 37 % 29) - 14) / 40f;
            w.put(e.getKey(), a);
        }
        return w;
    }

    static byte[] safetensors(Map<String, float[]> weights) {
        Map<String, long[]> shapes = shapes();
        SafeTensorsWriter w = new SafeTensorsWriter();
        weights.forEach((name, data) -> {
            long[] shape = shapes.get(name);
            w.put(name, DType.F32, data, Arrays.stream(shape).reduce(1, (x, y) -> x * y) == data.length ? shape : new long[]{data.length});
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            w.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A safetensors image with the given header text (padded with spaces to 8 bytes) and {@code dataBytes} zero bytes. */
    static byte[] raw(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        int pad = (8 - h.length % 8) % 8;
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + pad + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length + pad).put(h);
        for (int i = 0; i < pad; i++) b.put((byte) ' ');
        return b.array();
    }

    /** One defect: how its folder is written and the message expected. */
    record Case(String name, String expectedFile, String message, Consumer<Path> writer) {
    }

    static Map<String, Case> cases() {
        Map<String, Case> c = new LinkedHashMap<>();
        String st = DIR + "/model.safetensors: malformed safetensors: ";
        file(c, "truncated-file", st + "file is 5 bytes, too short for the 8-byte header length", new byte[]{1, 0, 0, 0, 0});
        byte[] good = safetensors(weights());
        file(c, "truncated-data", st + "tensor 'model.layers.0.attn.g_norm.weight' data_offsets [1824, 1856] run past the data section (1824 bytes)",
                Arrays.copyOf(good, good.length - 2144)); // cut right where g_norm's data starts
        byte[] longHeader = raw("{}", 0);
        ByteBuffer.wrap(longHeader).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 4096);
        file(c, "header-length-beyond-file", st + "header length 4096 runs past the end of the file (16 bytes)", longHeader);
        file(c, "header-not-json", st + "header is not valid JSON (Unexpected character ('d' (code 100)): was expecting double-quote to start field name)",
                raw("{dtype: F32}", 0));
        file(c, "duplicate-tensor-names", st + "header is not valid JSON (Duplicate field 'a')",
                raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8));
        file(c, "offsets-out-of-range", st + "tensor 'a' data_offsets [0, 64] run past the data section (16 bytes)",
                raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[16],\"data_offsets\":[0,64]}}", 16));
        file(c, "offsets-overlap", st + "tensors 'a' and 'b' overlap in the data section",
                raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 16));
        file(c, "byte-count-mismatch", st + "tensor 'a' has 8 bytes but F32 × [2, 2] needs 16",
                raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,8]}}", 8));
        file(c, "unsupported-dtype", st + "tensor 'a' has dtype 'I64' (supported: F32, F16, BF16)",
                raw("{\"a\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8));

        Map<String, float[]> missing = weights();
        missing.remove("model.norm.weight");
        file(c, "missing-tensor", DIR + ": tensor 'model.norm.weight' is missing (checkpoint layout CURRENT)", safetensors(missing));
        Map<String, float[]> reshaped = new LinkedHashMap<>(weights());
        reshaped.put("model.layers.0.attn.q_proj.weight", new float[D * D / 2]);
        file(c, "wrong-shape", DIR + ": tensor 'model.layers.0.attn.q_proj.weight' has shape [32] but config.json implies [8, 8]", safetensors(reshaped));
        Map<String, float[]> inf = weights();
        inf.get("model.layers.0.attn.k_proj.weight")[3 * D + 5] = Float.POSITIVE_INFINITY;
        file(c, "non-finite-weight", DIR + ": tensor 'model.layers.0.attn.k_proj.weight' holds a non-finite value (+Inf) at index [3, 5]; "
                + "the checkpoint is corrupt or was saved after training diverged", safetensors(inf));

        String cfg = "config.json: ";
        config(c, "config-negative-hidden-size", cfg + "hidden_size = -8 must be positive", n -> n.put("hidden_size", -8));
        config(c, "config-negative-layers", cfg + "num_hidden_layers = -1 must be positive", n -> n.put("num_hidden_layers", -1));
        config(c, "config-negative-heads", cfg + "num_heads = -2 must be positive", n -> n.put("num_heads", -2));
        config(c, "config-negative-kv-heads", cfg + "num_kv_heads = -2 must divide num_heads = 2", n -> n.put("num_kv_heads", -2));
        config(c, "config-negative-slots", cfg + "num_slots = -4 must be positive", n -> n.put("num_slots", -4));
        config(c, "config-negative-vocab", cfg + "vocab_size = -16 must be positive", n -> n.put("vocab_size", -16));
        config(c, "config-negative-intermediate", cfg + "intermediate_size = -16 must be positive and below 2^30", n -> n.put("intermediate_size", -16));
        config(c, "config-negative-conv-size", cfg + "conv_size = -4 must be at least 1", n -> n.put("use_short_conv", true).put("conv_size", -4));
        config(c, "config-expand-v", cfg + "expand_v = 2.0 must be 1 (FLA's g_norm is built with hidden_size, so other values cannot run)",
                n -> n.put("expand_v", 2));
        config(c, "config-unknown-feature-map", DIR + "/config.json: feature_map: unknown feature map 'cosine' (expected swish, relu, t2r, relu2 or identity)",
                n -> n.put("feature_map", "cosine"));
        config(c, "config-ablation-only-feature-map", cfg + "feature_map = relu2 must be swish, relu or t2r", n -> n.put("feature_map", "relu2"));
        config(c, "config-size-as-string", DIR + "/config.json: hidden_size = \"64\" is not an integer", n -> n.put("hidden_size", "64"));
        config(c, "config-flag-as-string", DIR + "/config.json: use_short_conv = \"yes\" is not true/false", n -> n.put("use_short_conv", "yes"));
        config(c, "config-number-as-string", DIR + "/config.json: expand_k = \"1\" is not a number", n -> n.put("expand_k", "1"));
        config(c, "config-feature-map-as-number", DIR + "/config.json: feature_map = 3 is not a string", n -> n.put("feature_map", 3));
        config(c, "config-model-type-llama", DIR + "/config.json: model_type = \"llama\", expected \"gsa\"", n -> n.put("model_type", "llama"));
        config(c, "config-model-type-missing", DIR + "/config.json: model_type = missing, expected \"gsa\"", n -> n.remove("model_type"));
        c.put("config-not-json", new Case("config-not-json", EXPECTED,
                DIR + "/config.json: not valid JSON (Unexpected character ('m' (code 109)): was expecting double-quote to start field name)",
                dir -> write(dir.resolve("config.json"), "{model_type: gsa}".getBytes(StandardCharsets.UTF_8))));

        index(c, "index-outside-folder", DIR + "/model.safetensors.index.json: weight_map entry 'model.norm.weight' names "
                + "'../model.safetensors', which is not a .safetensors file in the checkpoint folder", "../model.safetensors");
        index(c, "index-missing-shard", DIR + "/model.safetensors.index.json: shard 'model-00002-of-00002.safetensors' "
                + "(for 'model.norm.weight') not found", "model-00002-of-00002.safetensors");
        index(c, "index-tensor-not-in-shard", DIR + "/model.safetensors.index.json: weight_map says 'model.norm.weight' is in "
                + "model-00001-of-00001.safetensors, but it is not there", null);
        c.put("pickle-only", new Case("pickle-only", EXPECTED, DIR + ": has PyTorch pickle weights (pytorch_model.bin) but no "
                + "model.safetensors; pickles can run arbitrary code when loaded, so GSA Explorer does not open them. Convert them to "
                + "safetensors first (e.g. model.save_pretrained(dir, safe_serialization=True) in Python)", dir -> {
            writeConfig(dir, config());
            write(dir.resolve("pytorch_model.bin"), new byte[]{(byte) 0x80, 2, 'c', 'o', 's', '\n'});
        }));

        Map<String, float[]> huge = weights();
        Arrays.fill(huge.get("model.layers.0.attn.o_proj.weight"), 3e38f);
        c.put("overflowing-activations", new Case("overflowing-activations", EXPECTED_TRACE,
                "non-finite value (NaN) in logits at token 0, token id 0", dir -> {
            writeConfig(dir, config());
            write(dir.resolve("model.safetensors"), safetensors(huge));
        }));
        return c;
    }

    private static void file(Map<String, Case> c, String name, String message, byte[] safetensors) {
        c.put(name, new Case(name, EXPECTED, message, dir -> {
            writeConfig(dir, config());
            write(dir.resolve("model.safetensors"), safetensors);
        }));
    }

    private static void config(Map<String, Case> c, String name, String message, Consumer<ObjectNode> change) {
        c.put(name, new Case(name, EXPECTED, message, dir -> {
            ObjectNode n = config();
            change.accept(n);
            writeConfig(dir, n);
        }));
    }

    /** All tensors but model.norm.weight in one shard; the index sends model.norm.weight to {@code normShard} (null: the same shard). */
    private static void index(Map<String, Case> c, String name, String message, String normShard) {
        c.put(name, new Case(name, EXPECTED, message, dir -> {
            writeConfig(dir, config());
            Map<String, float[]> w = weights();
            w.remove("model.norm.weight");
            String shard = "model-00001-of-00001.safetensors";
            write(dir.resolve(shard), safetensors(w));
            ObjectNode idx = JSON.createObjectNode();
            ObjectNode map = idx.putObject("weight_map");
            for (String t : shapes().keySet()) map.put(t, t.equals("model.norm.weight") && normShard != null ? normShard : shard);
            write(dir.resolve(Checkpoint.INDEX), pretty(idx));
        }));
    }

    private static void writeConfig(Path dir, JsonNode n) {
        write(dir.resolve("config.json"), pretty(n));
    }

    private static byte[] pretty(JsonNode n) {
        try {
            return (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes every case into {@code root}/NAME/ with its expected-message file. */
    static void writeAll(Path root) {
        for (Case k : cases().values()) {
            Path dir = root.resolve(k.name);
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            k.writer.accept(dir);
            write(dir.resolve(k.expectedFile), (k.message + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
