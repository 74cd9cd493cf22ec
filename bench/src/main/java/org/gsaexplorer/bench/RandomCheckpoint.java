package org.gsaexplorer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.config.FeatureMap;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.weights.DType;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a GSA checkpoint with seeded random weights (current FLA layout) so any shape can be benchmarked without
 * downloading one: config.json plus model.safetensors in F32, F16 or BF16. Weights are uniform with std 0.02 (FLA's
 * init), norm weights are 1. Streams the data, so a multi-GB file needs no heap.
 */
public final class RandomCheckpoint {
    private static final float HALF_WIDTH = (float) (0.02 * Math.sqrt(3));

    private RandomCheckpoint() {
    }

    private record Spec(String name, long[] shape, boolean ones) {
        long numel() {
            long n = 1;
            for (long d : shape) n *= d;
            return n;
        }
    }

    /** Writes {@code shape} into the existing empty folder {@code dir}. */
    public static void write(Path dir, ModelShape shape, DType dtype, long seed) {
        GsaConfig c = shape.config();
        List<Spec> specs = tensors(c);
        try {
            Files.writeString(dir.resolve("config.json"), new ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(((ObjectNode) shape.json().deepCopy()).put("torch_dtype", torchName(dtype))));
            try (FileChannel ch = FileChannel.open(dir.resolve("model.safetensors"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                writeHeader(ch, specs, dtype);
                SplittableRandom random = new SplittableRandom(seed);
                ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
                MemorySegment seg = MemorySegment.ofBuffer(buf);
                long perBuffer = buf.capacity() / dtype.bytes;
                for (Spec s : specs) {
                    for (long done = 0, n = s.numel(); done < n; ) {
                        int k = (int) Math.min(perBuffer, n - done);
                        for (int i = 0; i < k; i++)
                            dtype.write(seg, i, s.ones() ? 1f : (float) random.nextDouble(-HALF_WIDTH, HALF_WIDTH));
                        buf.position(0).limit(k * dtype.bytes);
                        while (buf.hasRemaining()) ch.write(buf);
                        buf.clear();
                        done += k;
                    }
                }
            }
        } catch (IOException e) {
            throw new GsaException(dir + ": cannot write the random checkpoint (" + e.getMessage() + ")");
        }
    }

    /** Bytes the safetensors file will take (data only), to check disk space before writing. */
    public static long dataBytes(ModelShape shape, DType dtype) {
        return tensors(shape.config()).stream().mapToLong(Spec::numel).sum() * dtype.bytes;
    }

    private static List<Spec> tensors(GsaConfig c) {
        long d = c.hiddenSize(), inter = c.intermediateSize();
        List<Spec> out = new ArrayList<>();
        out.add(new Spec("model.embeddings.weight", new long[]{c.vocabSize(), d}, false));
        for (int i = 0; i < c.numLayers(); i++) {
            String p = "model.layers." + i + ".";
            out.add(new Spec(p + "attn_norm.weight", new long[]{d}, true));
            out.add(new Spec(p + "attn.q_proj.weight", new long[]{c.keyDim(), d}, false));
            out.add(new Spec(p + "attn.k_proj.weight", new long[]{c.kvKeyDim(), d}, false));
            out.add(new Spec(p + "attn.v_proj.weight", new long[]{c.kvValueDim(), d}, false));
            out.add(new Spec(p + "attn.f_proj.weight", new long[]{(long) c.numKvHeads() * c.numSlots(), d}, false));
            if (c.useShortConv()) {
                out.add(new Spec(p + "attn.q_conv1d.weight", new long[]{c.keyDim(), 1, c.convSize()}, false));
                out.add(new Spec(p + "attn.k_conv1d.weight", new long[]{c.kvKeyDim(), 1, c.convSize()}, false));
                out.add(new Spec(p + "attn.v_conv1d.weight", new long[]{c.kvValueDim(), 1, c.convSize()}, false));
            }
            if (c.featureMap() == FeatureMap.T2R)
                out.add(new Spec(p + "attn.feature_map.layer.weight", new long[]{c.headKDim(), c.headKDim()}, false));
            if (c.elementwiseAffine()) out.add(new Spec(p + "attn.g_norm.weight", new long[]{d}, true));
            out.add(new Spec(p + "attn.o_proj.weight", new long[]{d, c.valueDim()}, false));
            out.add(new Spec(p + "mlp_norm.weight", new long[]{d}, true));
            out.add(new Spec(p + "mlp.gate_proj.weight", new long[]{inter, d}, false));
            out.add(new Spec(p + "mlp.up_proj.weight", new long[]{inter, d}, false));
            out.add(new Spec(p + "mlp.down_proj.weight", new long[]{d, inter}, false));
        }
        out.add(new Spec("model.norm.weight", new long[]{d}, true));
        if (!c.tieWordEmbeddings()) out.add(new Spec("lm_head.weight", new long[]{c.vocabSize(), d}, false));
        return out;
    }

    private static void writeHeader(FileChannel ch, List<Spec> specs, DType dtype) throws IOException {
        ObjectNode header = new ObjectMapper().createObjectNode();
        long offset = 0;
        for (Spec s : specs) {
            ObjectNode t = header.putObject(s.name());
            t.put("dtype", dtype.name());
            var shape = t.putArray("shape");
            for (long dim : s.shape()) shape.add(dim);
            long bytes = s.numel() * dtype.bytes;
            t.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8; // the format pads the header with spaces to 8-byte alignment
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) head.put((byte) ' ');
        head.flip();
        while (head.hasRemaining()) ch.write(head);
    }

    private static String torchName(DType dtype) {
        return switch (dtype) {
            case F32 -> "float32";
            case F16 -> "float16";
            case BF16 -> "bfloat16";
        };
    }
}
