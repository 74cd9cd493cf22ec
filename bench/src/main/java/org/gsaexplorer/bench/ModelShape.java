package org.gsaexplorer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.config.GsaConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A GSA model shape to benchmark: a named preset (the published fla-hub configs, the bundled sample's shape, and
 * CPU-sized ones in between) or a checkpoint folder's config.json. {@code json} is a complete FLA config.json.
 */
public record ModelShape(String name, ObjectNode json) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public GsaConfig config() {
        return GsaConfig.parse(json, "shape " + name);
    }

    /** Preset names and what they are. */
    public static Map<String, String> presets() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("tiny", "the bundled MQAR sample's shape (D=128, 2 layers)");
        m.put("small", "D=512, 6 layers, 4 heads, vocab 8192");
        m.put("medium", "D=1024, 12 layers, 4 heads, vocab 32000");
        m.put("gsa-1.3b", "fla-hub/gsa-1.3B-100B (D=2048, 24 layers, 4 heads)");
        m.put("gsa-2.7b", "fla-hub/gsa-2.7B-100B (D=2560, 32 layers, 5 heads)");
        m.put("gsa-7b-mistral", "fla-hub/gsa-7B-mistral-100B (D=4096, 32 layers, 32 heads, 8 kv heads)");
        return m;
    }

    public static ModelShape preset(String name) {
        ObjectNode j = switch (name) {
            case "tiny" -> base(128, 2, 2, 256).put("use_short_conv", true).put("conv_size", 4);
            case "small" -> base(512, 6, 4, 8192);
            case "medium" -> base(1024, 12, 4, 32000);
            case "gsa-1.3b" -> base(2048, 24, 4, 32000);
            case "gsa-2.7b" -> base(2560, 32, 5, 32000).put("elementwise_affine", false);
            case "gsa-7b-mistral" -> base(4096, 32, 32, 32000).put("num_kv_heads", 8).put("intermediate_size", 14336).put("norm_eps", 1e-5);
            default -> throw new GsaException("unknown shape '" + name + "' (known: " + String.join(", ", presets().keySet()) + ")");
        };
        return new ModelShape(name, j);
    }

    /** The shape of the checkpoint in {@code dir} (its config.json). */
    public static ModelShape of(Path dir) {
        Path file = dir.resolve("config.json");
        try {
            if (!(JSON.readTree(Files.readString(file)) instanceof ObjectNode j)) throw new GsaException(file + ": expected a JSON object");
            ModelShape s = new ModelShape(dir.getFileName().toString(), j);
            s.config();
            return s;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new GsaException(file + ": not found (a checkpoint folder needs config.json)");
        } catch (IOException e) {
            throw new GsaException(file + ": cannot be read (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    private static ObjectNode base(int hidden, int layers, int heads, int vocab) {
        ObjectNode j = JSON.createObjectNode();
        j.putArray("architectures").add("GSAForCausalLM");
        j.put("model_type", "gsa").put("hidden_size", hidden).put("num_hidden_layers", layers).put("num_heads", heads)
                .put("num_slots", 64).put("expand_k", 1).put("expand_v", 1).put("feature_map", "swish")
                .put("gate_logit_normalizer", 8).put("use_short_conv", false).put("conv_size", 4)
                .put("elementwise_affine", true).put("norm_eps", 1e-6).put("hidden_ratio", 4).put("hidden_act", "swish")
                .put("tie_word_embeddings", false).put("vocab_size", vocab).put("bos_token_id", 1).put("eos_token_id", 2);
        return j;
    }
}
