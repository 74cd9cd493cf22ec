package org.gsaexplorer.model.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.gsaexplorer.model.error.GsaException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The model hyper-parameters of an FLA {@code gsa} config.json, read field by field (never from class defaults, which
 * changed between FLA versions), validated, with the derived sizes of the reference (docs/gsa-forward.md §1).
 */
public record GsaConfig(
        int hiddenSize, int numLayers, int numHeads, int numKvHeads, int numSlots,
        double expandK, double expandV, FeatureMap featureMap, double gateLogitNormalizer,
        boolean useShortConv, int convSize, boolean elementwiseAffine, double normEps,
        int intermediateSize, String hiddenAct, boolean tieWordEmbeddings, int vocabSize,
        Integer padTokenId, Integer bosTokenId, Integer eosTokenId) {

    /** A config.json is a few KB; anything this large is not one, and is not read into memory. */
    static final long MAX_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** g_norm uses this eps whatever norm_eps says (FLA calls the fused norm without passing its eps). */
    public static final double G_NORM_EPS = 1e-5;

    public GsaConfig {
        check(hiddenSize > 0, "hidden_size", hiddenSize, "must be positive");
        check(numLayers > 0, "num_hidden_layers", numLayers, "must be positive");
        check(numHeads > 0, "num_heads", numHeads, "must be positive");
        check(numKvHeads > 0 && numHeads % numKvHeads == 0, "num_kv_heads", numKvHeads, "must divide num_heads = " + numHeads);
        check(vocabSize > 0, "vocab_size", vocabSize, "must be positive");
        check(expandK > 0 && hiddenSize * expandK <= Integer.MAX_VALUE, "expand_k", expandK, "must be positive, with hidden_size × expand_k below 2^31");
        check(expandV == 1.0, "expand_v", expandV, "must be 1 (FLA's g_norm is built with hidden_size, so other values cannot run)");
        int keyDim = (int) (hiddenSize * expandK);
        check(keyDim % numHeads == 0 && keyDim > 0, "expand_k", expandK, "gives key_dim " + keyDim + " not divisible by num_heads " + numHeads);
        check(hiddenSize % numHeads == 0, "hidden_size", hiddenSize, "not divisible by num_heads " + numHeads);
        check(numSlots > 0, "num_slots", numSlots, "must be positive");
        check((long) numSlots * numKvHeads <= Integer.MAX_VALUE, "num_slots", numSlots, "× num_kv_heads must be below 2^31");
        check(gateLogitNormalizer > 0 && Double.isFinite(gateLogitNormalizer), "gate_logit_normalizer", gateLogitNormalizer, "must be a positive number");
        check(!useShortConv || convSize >= 1, "conv_size", convSize, "must be at least 1");
        check(normEps > 0 && Double.isFinite(normEps), "norm_eps", normEps, "must be a positive number");
        check(intermediateSize > 0 && intermediateSize <= Integer.MAX_VALUE / 2, "intermediate_size", intermediateSize, "must be positive and below 2^30");
        check(!hiddenAct.equals("powlu"), "hidden_act", hiddenAct,
                "is not supported: GSA Explorer runs the swish (SiLU) gated MLP only, and FLA's PowLU variant could not be verified exactly");
        check(hiddenAct.equals("swish") || hiddenAct.equals("silu"), "hidden_act", hiddenAct, "must be swish");
        check(featureMap == FeatureMap.SWISH || featureMap == FeatureMap.RELU || featureMap == FeatureMap.T2R,
                "feature_map", featureMap.id, "must be swish, relu or t2r");
    }

    private static void check(boolean ok, String field, Object value, String why) {
        if (!ok) throw new GsaException("config.json: " + field + " = " + GsaException.oneLine(String.valueOf(value)) + " " + why);
    }

    public int keyDim() { return (int) (hiddenSize * expandK); }
    public int valueDim() { return (int) (hiddenSize * expandV); }
    /** Query heads per key/value head. */
    public int groups() { return numHeads / numKvHeads; }
    public int headKDim() { return keyDim() / numHeads; }
    public int headVDim() { return valueDim() / numHeads; }
    public int kvKeyDim() { return keyDim() / groups(); }
    public int kvValueDim() { return valueDim() / groups(); }

    /** Reads and validates {@code config.json}. Every problem is a {@link GsaException} naming the field. */
    public static GsaConfig load(Path file) {
        JsonNode root;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) throw new GsaException(file + ": " + size + " bytes, too large for a config (at most " + MAX_BYTES + ")");
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new GsaException(file + ": not found (a checkpoint folder needs config.json)");
        } catch (IOException e) {
            throw new GsaException(file + ": not valid JSON (" + GsaException.oneLine(firstLine(e.getMessage())) + ")");
        }
        return parse(root, file.toString());
    }

    public static GsaConfig parse(JsonNode root, String where) {
        if (root == null || !root.isObject()) throw new GsaException(where + ": expected a JSON object");
        JsonNode type = root.get("model_type");
        if (type == null || !"gsa".equals(type.asText()))
            throw new GsaException(where + ": model_type = " + (type == null ? "missing" : GsaException.oneLine(type.toString())) + ", expected \"gsa\"");
        if (root.hasNonNull("attn"))
            throw new GsaException(where + ": attn is set (hybrid softmax-attention layers) which GSA Explorer does not support");
        if (root.hasNonNull("attnres_block_size"))
            throw new GsaException(where + ": attnres_block_size is set (attention-residual variant) which GSA Explorer does not support");
        Fields f = new Fields(root, where);
        int hidden = f.integer("hidden_size", 2048);
        int heads = f.integer("num_heads", 4);
        double ratio = f.number("hidden_ratio", 4);
        Integer inter = f.optInteger("intermediate_size");
        if (inter == null && hidden > 0 && !(ratio > 0 && hidden * ratio * 2 / 3 <= Integer.MAX_VALUE - 255))
            throw new GsaException(where + ": hidden_ratio = " + ratio + " must be positive, with hidden_size × hidden_ratio × 2/3 below 2^31");
        int interSize = inter != null ? inter : defaultIntermediate(hidden, ratio);
        Integer kv = f.optInteger("num_kv_heads");
        Integer slots = f.optInteger("num_slots");
        double expandK = f.number("expand_k", 1);
        // num_slots defaults to head_k_dim; with num_heads ≤ 0 leave it for the constructor to name num_heads
        int m = slots != null ? slots : heads > 0 ? (int) (hidden * expandK) / heads : 0;
        return new GsaConfig(hidden, f.integer("num_hidden_layers", 24), heads, kv != null ? kv : heads, m,
                expandK, f.number("expand_v", 1), FeatureMap.parse(f.text("feature_map", "swish"), where + ": feature_map"),
                f.number("gate_logit_normalizer", 8), f.bool("use_short_conv", false), f.integer("conv_size", 4),
                f.bool("elementwise_affine", true), f.number("norm_eps", 1e-6), interSize, f.text("hidden_act", "swish"),
                f.bool("tie_word_embeddings", false), f.integer("vocab_size", 32000),
                f.optInteger("pad_token_id"), f.optInteger("bos_token_id"), f.optInteger("eos_token_id"));
    }

    /** I = int(D·ratio·2/3) rounded up to a multiple of 256. */
    static int defaultIntermediate(int hidden, double ratio) {
        int i = (int) (hidden * ratio * 2 / 3);
        return 256 * ((i + 255) / 256);
    }

    private static String firstLine(String s) {
        if (s == null) return "unreadable";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Typed access to config fields with messages that name the field. */
    private record Fields(JsonNode root, String where) {
        JsonNode node(String name) {
            JsonNode n = root.get(name);
            return n == null || n.isNull() ? null : n;
        }

        int integer(String name, int dflt) {
            Integer v = optInteger(name);
            return v == null ? dflt : v;
        }

        Integer optInteger(String name) {
            JsonNode n = node(name);
            if (n == null) return null;
            if (!n.isIntegralNumber() || !n.canConvertToInt())
                throw new GsaException(where + ": " + name + " = " + GsaException.oneLine(n.toString()) + " is not an integer");
            return n.intValue();
        }

        double number(String name, double dflt) {
            JsonNode n = node(name);
            if (n == null) return dflt;
            if (!n.isNumber()) throw new GsaException(where + ": " + name + " = " + GsaException.oneLine(n.toString()) + " is not a number");
            return n.doubleValue();
        }

        boolean bool(String name, boolean dflt) {
            JsonNode n = node(name);
            if (n == null) return dflt;
            if (!n.isBoolean()) throw new GsaException(where + ": " + name + " = " + GsaException.oneLine(n.toString()) + " is not true/false");
            return n.booleanValue();
        }

        String text(String name, String dflt) {
            JsonNode n = node(name);
            if (n == null) return dflt;
            if (!n.isTextual()) throw new GsaException(where + ": " + name + " = " + GsaException.oneLine(n.toString()) + " is not a string");
            return n.textValue();
        }
    }
}
