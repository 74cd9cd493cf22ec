package org.gsaexplorer.model.weights;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.gsaexplorer.model.error.GsaException;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A memory-mapped .safetensors file: an 8-byte little-endian header length, a JSON header naming each tensor's dtype,
 * shape and byte range, then the data. The header is checked strictly (size, offsets inside the file, no overlaps,
 * byte counts matching dtype × shape, unique names) before any tensor is handed out.
 */
public final class SafeTensorsFile implements AutoCloseable {
    /** Headers larger than this are refused (the format's own reference implementation uses 100 MB). */
    public static final long MAX_HEADER_BYTES = 100L << 20;
    public static final int MAX_TENSORS = 1 << 20;
    public static final int MAX_RANK = 8;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(16).maxStringLength((int) MAX_HEADER_BYTES).build());
    }

    private final Path path;
    private final Arena arena;
    private final Map<String, Tensor> tensors;
    private final Map<String, String> metadata;

    private SafeTensorsFile(Path path, Arena arena, Map<String, Tensor> tensors, Map<String, String> metadata) {
        this.path = path;
        this.arena = arena;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /** Maps {@code file} read-only and validates its header. */
    public static SafeTensorsFile open(Path file) {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            MemorySegment all = size == 0 ? MemorySegment.NULL : ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            return parse(file, all, size, arena);
        } catch (NoSuchFileException e) {
            arena.close();
            throw new GsaException(file + ": not found");
        } catch (IOException e) {
            arena.close();
            throw new GsaException(file + ": cannot be read (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** Parses a safetensors image already in memory (used by tests and the fuzzer). */
    public static SafeTensorsFile parse(Path name, MemorySegment all, long size, Arena arena) {
        if (size < 8) throw bad(name, "file is " + size + " bytes, too short for the 8-byte header length");
        long headerLen = all.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        if (headerLen < 2 || headerLen > MAX_HEADER_BYTES)
            throw bad(name, "header length " + Long.toUnsignedString(headerLen) + " is outside 2.." + MAX_HEADER_BYTES);
        if (8 + headerLen > size)
            throw bad(name, "header length " + headerLen + " runs past the end of the file (" + size + " bytes)");
        byte[] header = all.asSlice(8, headerLen).toArray(ValueLayout.JAVA_BYTE);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(header)).toString();
        } catch (CharacterCodingException e) {
            throw bad(name, "header is not UTF-8 text");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text.stripTrailing());
        } catch (IOException e) {
            throw bad(name, "header is not valid JSON (" + GsaException.oneLine(firstLine(e.getMessage())) + ")");
        }
        if (root == null || !root.isObject()) throw bad(name, "header is not a JSON object");
        long dataStart = 8 + headerLen;
        long dataSize = size - dataStart;
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> meta = Map.of();
        List<long[]> ranges = new ArrayList<>();
        List<String> rangeNames = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String tname = e.getKey();
            String q = GsaException.quote(tname);
            JsonNode t = e.getValue();
            if (tname.equals("__metadata__")) {
                meta = parseMetadata(name, t);
                continue;
            }
            if (tensors.size() >= MAX_TENSORS) throw bad(name, "more than " + MAX_TENSORS + " tensors");
            if (!t.isObject()) throw bad(name, "tensor " + q + " is not a JSON object");
            JsonNode dt = t.get("dtype");
            if (dt == null || !dt.isTextual()) throw bad(name, "tensor " + q + " has no dtype");
            DType dtype = DType.fromSafetensors(dt.textValue());
            if (dtype == null)
                throw bad(name, "tensor " + q + " has dtype " + GsaException.quote(dt.textValue()) + " (supported: F32, F16, BF16)");
            long[] shape = parseShape(name, q, t.get("shape"));
            long[] off = parseOffsets(name, q, t.get("data_offsets"));
            if (off[1] > dataSize)
                throw bad(name, "tensor " + q + " data_offsets [" + off[0] + ", " + off[1] + "] run past the data section (" + dataSize + " bytes)");
            long expect = byteCount(name, q, dtype, shape);
            if (off[1] - off[0] != expect)
                throw bad(name, "tensor " + q + " has " + (off[1] - off[0]) + " bytes but " + dtype + " × " + java.util.Arrays.toString(shape) + " needs " + expect);
            ranges.add(off);
            rangeNames.add(tname);
            MemorySegment seg = expect == 0 ? MemorySegment.NULL.reinterpret(0) : all.asSlice(dataStart + off[0], expect);
            tensors.put(tname, new Tensor(tname, dtype, shape, seg));
        }
        checkNoOverlap(name, ranges, rangeNames);
        return new SafeTensorsFile(name, arena, Collections.unmodifiableMap(tensors), meta);
    }

    /** dtype × shape in bytes; a product past 2^63 cannot match any file, so it is refused rather than wrapped. */
    private static long byteCount(Path name, String q, DType dtype, long[] shape) {
        try {
            long n = dtype.bytes;
            for (long d : shape) n = Math.multiplyExact(n, d);
            return n;
        } catch (ArithmeticException e) {
            throw bad(name, "tensor " + q + " has shape " + java.util.Arrays.toString(shape) + ", too many elements for any file");
        }
    }

    private static String firstLine(String s) {
        return s == null ? "unreadable" : s.lines().findFirst().orElse("");
    }

    private static Map<String, String> parseMetadata(Path name, JsonNode t) {
        if (!t.isObject()) throw bad(name, "__metadata__ is not a JSON object");
        Map<String, String> meta = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
            var m = it.next();
            if (!m.getValue().isTextual()) throw bad(name, "__metadata__." + GsaException.oneLine(m.getKey()) + " is not a string");
            meta.put(m.getKey(), m.getValue().textValue());
        }
        return Collections.unmodifiableMap(meta);
    }

    private static long[] parseShape(Path name, String q, JsonNode s) {
        if (s == null || !s.isArray()) throw bad(name, "tensor " + q + " has no shape array");
        if (s.size() > MAX_RANK) throw bad(name, "tensor " + q + " has rank " + s.size() + " (at most " + MAX_RANK + ")");
        long[] shape = new long[s.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = s.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0)
                throw bad(name, "tensor " + q + " has shape entry " + GsaException.oneLine(d.toString()) + " (must be a non-negative integer)");
            shape[i] = d.longValue();
        }
        return shape;
    }

    private static long[] parseOffsets(Path name, String q, JsonNode o) {
        if (o == null || !o.isArray() || o.size() != 2)
            throw bad(name, "tensor " + q + " needs data_offsets [begin, end]");
        long[] off = new long[2];
        for (int i = 0; i < 2; i++) {
            JsonNode d = o.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0)
                throw bad(name, "tensor " + q + " has data_offsets entry " + GsaException.oneLine(d.toString()) + " (must be a non-negative integer)");
            off[i] = d.longValue();
        }
        if (off[0] > off[1]) throw bad(name, "tensor " + q + " has data_offsets begin " + off[0] + " after end " + off[1]);
        return off;
    }

    /** Sorted by start, each non-empty range must begin at or after the end of the last non-empty one (empty ones fit anywhere). */
    private static void checkNoOverlap(Path name, List<long[]> ranges, List<String> names) {
        Integer[] order = new Integer[ranges.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, Comparator.comparingLong(i -> ranges.get(i)[0]));
        int last = -1;
        for (int i : order) {
            long[] cur = ranges.get(i);
            if (cur[0] == cur[1]) continue;
            if (last >= 0 && cur[0] < ranges.get(last)[1])
                throw bad(name, "tensors " + GsaException.quote(names.get(last)) + " and " + GsaException.quote(names.get(i)) + " overlap in the data section");
            last = i;
        }
    }

    static GsaException bad(Path name, String why) {
        return new GsaException(name + ": malformed safetensors: " + why);
    }

    public Path path() { return path; }
    public Map<String, Tensor> tensors() { return tensors; }
    public Map<String, String> metadata() { return metadata; }

    @Override
    public void close() {
        arena.close();
    }
}
