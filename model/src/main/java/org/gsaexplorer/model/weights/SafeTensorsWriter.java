package org.gsaexplorer.model.weights;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes fp32 arrays as a .safetensors image in a chosen dtype (for synthetic checkpoints, conversions and tests). */
public final class SafeTensorsWriter {
    private record Entry(DType dtype, long[] shape, float[] data) {
    }

    private final Map<String, Entry> tensors = new LinkedHashMap<>();

    public SafeTensorsWriter put(String name, DType dtype, float[] data, long... shape) {
        long n = 1;
        for (long d : shape) n *= d;
        if (n != data.length) throw new IllegalArgumentException(name + ": shape needs " + n + " values, got " + data.length);
        tensors.put(name, new Entry(dtype, shape, data));
        return this;
    }

    public void write(OutputStream out) throws IOException {
        ObjectNode header = new ObjectMapper().createObjectNode();
        long offset = 0;
        for (var e : tensors.entrySet()) {
            Entry t = e.getValue();
            ObjectNode n = header.putObject(e.getKey());
            n.put("dtype", t.dtype.name());
            var shape = n.putArray("shape");
            for (long d : t.shape) shape.add(d);
            long bytes = (long) t.data.length * t.dtype.bytes;
            n.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int pad = (8 - json.length % 8) % 8; // keep the data 8-byte aligned, as the format recommends
        byte[] len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length + pad).array();
        out.write(len);
        out.write(json);
        out.write(" ".repeat(pad).getBytes(StandardCharsets.US_ASCII));
        for (Entry t : tensors.values()) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment seg = arena.allocate((long) t.data.length * t.dtype.bytes);
                for (int i = 0; i < t.data.length; i++) t.dtype.write(seg, i, t.data[i]);
                out.write(seg.toArray(ValueLayout.JAVA_BYTE));
            }
        }
    }
}
