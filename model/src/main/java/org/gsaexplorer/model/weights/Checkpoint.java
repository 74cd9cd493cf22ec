package org.gsaexplorer.model.weights;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.config.FeatureMap;
import org.gsaexplorer.model.config.GsaConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A GSA checkpoint folder as FLA saves it: config.json, model.safetensors or a sharded index, optional tokenizer.json.
 * Weights stay memory-mapped. Every tensor the config needs is looked up and its shape checked against the config, so
 * a checkpoint that opens is one the backends can run.
 */
public final class Checkpoint implements AutoCloseable {
    public static final String INDEX = "model.safetensors.index.json";
    private static final ObjectMapper INDEX_JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Path dir;
    private final GsaConfig config;
    private final WeightLayout layout;
    private final List<SafeTensorsFile> files;
    private final Map<String, Tensor> byName;
    private final Tensor embeddings;
    private final Tensor finalNorm;
    private final Tensor lmHead;
    private final LayerWeights[] layers;

    private Checkpoint(Path dir, GsaConfig config, List<SafeTensorsFile> files, Map<String, Tensor> byName) {
        this.dir = dir;
        this.config = config;
        this.files = files;
        this.byName = byName;
        this.layout = detectLayout(byName);
        int d = config.hiddenSize();
        this.embeddings = require("model.embeddings.weight", config.vocabSize(), d);
        this.finalNorm = require("model.norm.weight", d);
        this.lmHead = config.tieWordEmbeddings() ? optional("lm_head.weight", config.vocabSize(), d) : require("lm_head.weight", config.vocabSize(), d);
        this.layers = new LayerWeights[config.numLayers()];
        for (int i = 0; i < layers.length; i++) layers[i] = layer(i);
    }

    /** Opens {@code dir}; every problem becomes one {@link GsaException} naming the file and field at fault. */
    public static Checkpoint open(Path dir) {
        if (!Files.exists(dir)) throw new GsaException(dir + ": no such folder");
        if (!Files.isDirectory(dir)) throw new GsaException(dir + ": not a folder (give the checkpoint folder holding config.json)");
        GsaConfig config = GsaConfig.load(dir.resolve("config.json"));
        List<Path> shards = shardPaths(dir);
        List<SafeTensorsFile> files = new ArrayList<>();
        try {
            Map<String, Tensor> byName = new HashMap<>();
            for (Path p : shards) {
                SafeTensorsFile f = SafeTensorsFile.open(p);
                files.add(f);
                for (Tensor t : f.tensors().values()) {
                    if (byName.putIfAbsent(t.name(), t) != null)
                        throw new GsaException(p + ": tensor " + GsaException.quote(t.name()) + " is also in another shard");
                }
            }
            checkIndexAgrees(dir, files);
            Checkpoint ck = new Checkpoint(dir, config, files, byName);
            WeightScan.requireFinite(dir, byName);
            return ck;
        } catch (RuntimeException e) {
            files.forEach(SafeTensorsFile::close);
            throw e;
        }
    }

    private static List<Path> shardPaths(Path dir) {
        Path single = dir.resolve("model.safetensors");
        Path index = dir.resolve(INDEX);
        if (Files.isRegularFile(index)) return List.copyOf(readIndex(dir, index).values().stream().distinct().toList());
        if (Files.isRegularFile(single)) return List.of(single);
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> names = s.map(Path::getFileName).filter(n -> {
                String f = n.toString();
                return f.endsWith(".bin") || f.endsWith(".pt") || f.endsWith(".pth") || f.endsWith(".ckpt");
            }).toList();
            if (!names.isEmpty())
                throw new GsaException(dir + ": has PyTorch pickle weights (" + names.getFirst() + ") but no model.safetensors; "
                        + "pickles can run arbitrary code when loaded, so GSA Explorer does not open them. Convert them to "
                        + "safetensors first (e.g. model.save_pretrained(dir, safe_serialization=True) in Python)");
        } catch (IOException e) {
            throw new GsaException(dir + ": cannot be listed (" + e.getMessage() + ")");
        }
        throw new GsaException(dir + ": no model.safetensors or " + INDEX + " found");
    }

    /** Reads the index's weight_map: tensor name → shard path (a plain file name, so always inside {@code dir}). */
    static Map<String, Path> readIndex(Path dir, Path index) {
        JsonNode root;
        try {
            long size = Files.size(index);
            if (size > SafeTensorsFile.MAX_HEADER_BYTES)
                throw new GsaException(index + ": " + size + " bytes, larger than any weight index (at most " + SafeTensorsFile.MAX_HEADER_BYTES + ")");
            root = INDEX_JSON.readTree(Files.readAllBytes(index));
        } catch (IOException e) {
            String msg = e.getMessage() == null ? "unreadable" : e.getMessage().lines().findFirst().orElse("");
            throw new GsaException(index + ": not valid JSON (" + GsaException.oneLine(msg) + ")");
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject() || map.isEmpty())
            throw new GsaException(index + ": weight_map is missing or empty");
        if (map.size() > SafeTensorsFile.MAX_TENSORS)
            throw new GsaException(index + ": weight_map has more than " + SafeTensorsFile.MAX_TENSORS + " entries");
        Map<String, Path> out = new LinkedHashMap<>();
        Path base = dir.toAbsolutePath().normalize();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            var e = it.next();
            String key = GsaException.quote(e.getKey());
            if (!e.getValue().isTextual()) throw new GsaException(index + ": weight_map entry " + key + " is not a file name");
            String file = e.getValue().textValue();
            if (!isShardName(file))
                throw new GsaException(index + ": weight_map entry " + key + " names " + GsaException.quote(file) + ", which is not a .safetensors file in the checkpoint folder");
            Path p = base.resolve(file);
            if (!Files.isRegularFile(p)) throw new GsaException(index + ": shard " + GsaException.quote(file) + " (for " + key + ") not found");
            out.put(e.getKey(), p);
        }
        return out;
    }

    /** FLA writes shards as plain names beside the index; anything with a path part could reach outside the folder. */
    private static boolean isShardName(String file) {
        if (!file.endsWith(".safetensors") || file.indexOf('/') >= 0 || file.indexOf('\\') >= 0 || file.indexOf('\0') >= 0) return false;
        try {
            return Path.of(file).getNameCount() == 1;
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    private static void checkIndexAgrees(Path dir, List<SafeTensorsFile> files) {
        Path index = dir.resolve(INDEX);
        if (!Files.isRegularFile(index)) return;
        Map<String, Path> map = readIndex(dir, index);
        Map<Path, SafeTensorsFile> byPath = new HashMap<>();
        for (SafeTensorsFile f : files) byPath.put(f.path().toAbsolutePath().normalize(), f);
        for (var e : map.entrySet()) {
            SafeTensorsFile f = byPath.get(e.getValue());
            if (f == null || !f.tensors().containsKey(e.getKey()))
                throw new GsaException(index + ": weight_map says " + GsaException.quote(e.getKey()) + " is in " + e.getValue().getFileName() + ", but it is not there");
        }
    }

    private static WeightLayout detectLayout(Map<String, Tensor> byName) {
        boolean old = byName.containsKey("model.layers.0.attn.norm.weight") || byName.containsKey("model.layers.0.mlp.norm.weight");
        return old ? WeightLayout.FLA_2024 : WeightLayout.CURRENT;
    }

    private LayerWeights layer(int i) {
        GsaConfig c = config;
        String p = "model.layers." + i + ".";
        int d = c.hiddenSize(), inter = c.intermediateSize();
        int kKv = c.kvKeyDim(), vKv = c.kvValueDim();
        if (byName.containsKey(p + "attn.g_proj.weight"))
            throw new GsaException(dir + ": " + p + "attn.g_proj.weight is present: this 2024 output-gate variant is not supported");
        boolean old = layout == WeightLayout.FLA_2024;
        Tensor attnNorm = require(p + (old ? "attn.norm.weight" : "attn_norm.weight"), d);
        Tensor mlpNorm = require(p + (old ? "mlp.norm.weight" : "mlp_norm.weight"), d);
        Tensor q = require(p + "attn.q_proj.weight", c.keyDim(), d);
        Tensor k = require(p + "attn.k_proj.weight", kKv, d);
        Tensor v = require(p + "attn.v_proj.weight", vKv, d);
        Tensor f = require(p + "attn.f_proj.weight", c.numKvHeads() * c.numSlots(), d);
        Tensor qc = null, kc = null, vc = null;
        if (c.useShortConv()) {
            qc = require(p + "attn.q_conv1d.weight", c.keyDim(), 1, c.convSize());
            kc = require(p + "attn.k_conv1d.weight", kKv, 1, c.convSize());
            vc = require(p + "attn.v_conv1d.weight", vKv, 1, c.convSize());
        }
        Tensor t2r = c.featureMap() == FeatureMap.T2R ? require(p + "attn.feature_map.layer.weight", c.headKDim(), c.headKDim()) : null;
        if (byName.containsKey(p + "attn.feature_map.layer.bias"))
            throw new GsaException(dir + ": " + p + "attn.feature_map.layer.bias is present: t2r feature maps with a bias are not supported");
        Tensor gNorm = c.elementwiseAffine() ? require(p + "attn.g_norm.weight", d) : null;
        Tensor o = require(p + "attn.o_proj.weight", d, c.valueDim());
        Tensor down = require(p + "mlp.down_proj.weight", d, inter);
        Tensor gate = null, up = null, gateUp = null;
        Tensor fused = byName.get(p + "mlp.gate_proj.weight");
        if (old || (fused != null && fused.shape().length == 2 && fused.shape()[0] == 2L * inter && !byName.containsKey(p + "mlp.up_proj.weight"))) {
            gateUp = require(p + "mlp.gate_proj.weight", 2 * inter, d);
        } else {
            gate = require(p + "mlp.gate_proj.weight", inter, d);
            up = require(p + "mlp.up_proj.weight", inter, d);
        }
        return new LayerWeights(attnNorm, q, k, v, f, qc, kc, vc, t2r, gNorm, o, mlpNorm, gate, up, gateUp, down);
    }

    private Tensor require(String name, long... shape) {
        Tensor t = byName.get(name);
        if (t == null) throw new GsaException(dir + ": tensor '" + name + "' is missing (" + layoutHint() + ")");
        return checkShape(t, shape);
    }

    private Tensor optional(String name, long... shape) {
        Tensor t = byName.get(name);
        return t == null ? null : checkShape(t, shape);
    }

    private Tensor checkShape(Tensor t, long[] shape) {
        if (!Arrays.equals(t.shape(), shape))
            throw new GsaException(dir + ": tensor '" + t.name() + "' has shape " + t.shapeString() + " but config.json implies " + Arrays.toString(shape));
        return t;
    }

    private String layoutHint() {
        return "checkpoint layout " + (layout == null ? "unknown" : layout.name());
    }

    public Path dir() { return dir; }
    public GsaConfig config() { return config; }
    public WeightLayout layout() { return layout; }
    public Tensor embeddings() { return embeddings; }
    public Tensor finalNorm() { return finalNorm; }
    /** The output projection: lm_head, or the embedding matrix when the config ties them. */
    public Tensor lmHead() { return lmHead != null ? lmHead : embeddings; }
    public LayerWeights[] layers() { return layers.clone(); }
    public Map<String, Tensor> tensors() { return java.util.Collections.unmodifiableMap(byName); }

    /** Number of parameters actually stored (a tied lm_head counted once). */
    public long parameterCount() {
        return byName.values().stream().mapToLong(Tensor::numel).sum();
    }

    /** The dtype most weights are stored in (by element count). */
    public DType dominantDType() {
        Map<DType, Long> n = new HashMap<>();
        for (Tensor t : byName.values()) n.merge(t.dtype(), t.numel(), Long::sum);
        return n.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(DType.F32);
    }

    @Override
    public void close() {
        files.forEach(SafeTensorsFile::close);
    }
}
