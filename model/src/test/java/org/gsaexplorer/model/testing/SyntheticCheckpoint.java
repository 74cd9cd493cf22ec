package org.gsaexplorer.model.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gsaexplorer.model.weights.DType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Writes a random-weight GSA checkpoint (config.json + model.safetensors, current FLA layout) for a given config, to
 * exercise config flags no shipped fixture covers. Weights are drawn so slot readouts are peaked rather than uniform:
 * q/k/f projections N(0, (2/√fan_in)²), other matrices N(0, (1/√fan_in)²), embeddings N(0, 1), norm weights U(0.6, 1.4).
 * g_norm is stored in F32 whatever the dtype, as FLA does.
 */
public final class SyntheticCheckpoint {
    public int hiddenSize = 64, numLayers = 2, numHeads = 4, numKvHeads = 4, numSlots = 16, vocabSize = 97;
    public int intermediateSize = 128, convSize = 4;
    public double expandK = 1, gateLogitNormalizer = 8;
    public String featureMap = "swish";
    public boolean useShortConv, elementwiseAffine = true, tieWordEmbeddings;
    public DType dtype = DType.F32;
    public long seed = 7;
    /** A layer whose attention output projection is all zeros (its slot memory then cannot affect anything), or -1. */
    public int silentLayer = -1;

    public SyntheticCheckpoint kvHeads(int n) { numKvHeads = n; return this; }

    /** A model of hidden size {@code hidden} with these heads and slots, and an MLP twice as wide (the shape grids' cells). */
    public static SyntheticCheckpoint shape(int hidden, int heads, int kvHeads, int slots) {
        SyntheticCheckpoint s = new SyntheticCheckpoint().kvHeads(kvHeads);
        s.hiddenSize = hidden;
        s.numHeads = heads;
        s.numSlots = slots;
        s.intermediateSize = 2 * hidden;
        return s;
    }
    public SyntheticCheckpoint featureMap(String f) { featureMap = f; return this; }
    public SyntheticCheckpoint expandK(double e) { expandK = e; return this; }
    public SyntheticCheckpoint shortConv(boolean on) { useShortConv = on; return this; }
    public SyntheticCheckpoint affine(boolean on) { elementwiseAffine = on; return this; }
    public SyntheticCheckpoint tied(boolean on) { tieWordEmbeddings = on; return this; }
    public SyntheticCheckpoint normalizer(double tau) { gateLogitNormalizer = tau; return this; }
    public SyntheticCheckpoint dtype(DType d) { dtype = d; return this; }
    public SyntheticCheckpoint seed(long s) { seed = s; return this; }

    /** Writes the checkpoint into {@code dir} (created if needed) and returns it. */
    public Path write(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("config.json"), config());
            writeSafetensors(dir.resolve("model.safetensors"), tensors());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String config() throws IOException {
        ObjectMapper om = new ObjectMapper();
        ObjectNode n = om.createObjectNode();
        n.put("model_type", "gsa");
        n.put("hidden_size", hiddenSize);
        n.put("num_hidden_layers", numLayers);
        n.put("num_heads", numHeads);
        n.put("num_kv_heads", numKvHeads);
        n.put("num_slots", numSlots);
        n.put("expand_k", expandK);
        n.put("expand_v", 1);
        n.put("feature_map", featureMap);
        n.put("gate_logit_normalizer", gateLogitNormalizer);
        n.put("use_short_conv", useShortConv);
        n.put("conv_size", convSize);
        n.put("elementwise_affine", elementwiseAffine);
        n.put("norm_eps", 1e-6);
        n.put("intermediate_size", intermediateSize);
        n.put("hidden_act", "swish");
        n.put("tie_word_embeddings", tieWordEmbeddings);
        n.put("vocab_size", vocabSize);
        n.putNull("attn");
        n.put("dtype", dtype == DType.F32 ? "float32" : dtype == DType.BF16 ? "bfloat16" : "float16");
        return om.writerWithDefaultPrettyPrinter().writeValueAsString(n);
    }

    private record T(long[] shape, float[] data, DType dtype) {
    }

    private Map<String, T> tensors() {
        Random rnd = new Random(seed);
        int d = hiddenSize, keyDim = (int) (d * expandK), g = numHeads / numKvHeads, dk = keyDim / numHeads;
        int kvK = keyDim / g, kvV = d / g;
        Map<String, T> t = new LinkedHashMap<>();
        t.put("model.embeddings.weight", normal(rnd, dtype, 1.0, vocabSize, d));
        for (int i = 0; i < numLayers; i++) {
            String p = "model.layers." + i + ".";
            t.put(p + "attn_norm.weight", norm(rnd, dtype, d));
            t.put(p + "attn.q_proj.weight", normal(rnd, dtype, 2 / Math.sqrt(d), keyDim, d));
            t.put(p + "attn.k_proj.weight", normal(rnd, dtype, 2 / Math.sqrt(d), kvK, d));
            t.put(p + "attn.v_proj.weight", normal(rnd, dtype, 1 / Math.sqrt(d), kvV, d));
            t.put(p + "attn.f_proj.weight", normal(rnd, dtype, 2 / Math.sqrt(d), numKvHeads * numSlots, d));
            if (useShortConv) {
                t.put(p + "attn.q_conv1d.weight", normal(rnd, dtype, 1 / Math.sqrt(convSize), keyDim, 1, convSize));
                t.put(p + "attn.k_conv1d.weight", normal(rnd, dtype, 1 / Math.sqrt(convSize), kvK, 1, convSize));
                t.put(p + "attn.v_conv1d.weight", normal(rnd, dtype, 1 / Math.sqrt(convSize), kvV, 1, convSize));
            }
            if (featureMap.equals("t2r")) t.put(p + "attn.feature_map.layer.weight", normal(rnd, dtype, 2 / Math.sqrt(dk), dk, dk));
            if (elementwiseAffine) t.put(p + "attn.g_norm.weight", norm(rnd, DType.F32, d));
            T o = normal(rnd, dtype, 1 / Math.sqrt(d), d, d);
            if (i == silentLayer) java.util.Arrays.fill(o.data(), 0f);
            t.put(p + "attn.o_proj.weight", o);
            t.put(p + "mlp_norm.weight", norm(rnd, dtype, d));
            t.put(p + "mlp.gate_proj.weight", normal(rnd, dtype, 1 / Math.sqrt(d), intermediateSize, d));
            t.put(p + "mlp.up_proj.weight", normal(rnd, dtype, 1 / Math.sqrt(d), intermediateSize, d));
            t.put(p + "mlp.down_proj.weight", normal(rnd, dtype, 1 / Math.sqrt(intermediateSize), d, intermediateSize));
        }
        t.put("model.norm.weight", norm(rnd, dtype, d));
        if (!tieWordEmbeddings) t.put("lm_head.weight", normal(rnd, dtype, 1 / Math.sqrt(d), vocabSize, d));
        return t;
    }

    private static T normal(Random rnd, DType dt, double std, long... shape) {
        float[] a = new float[size(shape)];
        for (int i = 0; i < a.length; i++) a[i] = (float) (rnd.nextGaussian() * std);
        return new T(shape, a, dt);
    }

    private static T norm(Random rnd, DType dt, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = 0.6f + 0.8f * rnd.nextFloat();
        return new T(new long[]{n}, a, dt);
    }

    private static int size(long[] shape) {
        long n = 1;
        for (long s : shape) n *= s;
        return Math.toIntExact(n);
    }

    private static String dtypeName(DType d) {
        return switch (d) {
            case F32 -> "F32";
            case F16 -> "F16";
            case BF16 -> "BF16";
        };
    }

    private static void writeSafetensors(Path file, Map<String, T> tensors) throws IOException {
        ObjectMapper om = new ObjectMapper();
        ObjectNode header = om.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long off = 0;
        for (var e : tensors.entrySet()) {
            T t = e.getValue();
            long bytes = (long) t.data.length * t.dtype.bytes;
            ObjectNode n = header.putObject(e.getKey());
            n.put("dtype", dtypeName(t.dtype));
            var shape = n.putArray("shape");
            for (long s : t.shape) shape.add(s);
            n.putArray("data_offsets").add(off).add(off + bytes);
            off += bytes;
        }
        byte[] json = om.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int pad = (8 - json.length % 8) % 8; // data starts 8-byte aligned, as the safetensors writer does
        byte[] padded = new byte[json.length + pad];
        System.arraycopy(json, 0, padded, 0, json.length);
        for (int i = json.length; i < padded.length; i++) padded[i] = ' ';
        try (Arena arena = Arena.ofConfined();
             FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded.length).flip();
            ch.write(len);
            ch.write(ByteBuffer.wrap(padded));
            for (T t : tensors.values()) {
                MemorySegment seg = arena.allocate((long) t.data.length * t.dtype.bytes);
                for (int i = 0; i < t.data.length; i++) t.dtype.write(seg, i, t.data[i]);
                ch.write(seg.asByteBuffer());
            }
        }
    }
}
