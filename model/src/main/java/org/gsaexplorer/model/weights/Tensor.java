package org.gsaexplorer.model.weights;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/** One tensor of a checkpoint: its name, dtype, shape and the mapped bytes (not copied onto the heap). */
public record Tensor(String name, DType dtype, long[] shape, MemorySegment data) {

    public long numel() {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }

    /** Converts to a new fp32 array (for the CPU backends). */
    public float[] toFloatArray() {
        long n = numel();
        if (n > Integer.MAX_VALUE - 8)
            throw new org.gsaexplorer.model.error.GsaException(name + ": " + n + " elements do not fit one Java array");
        float[] out = new float[(int) n];
        if (dtype == DType.F32) {
            MemorySegment.copy(data, DType.F32_LE, 0, out, 0, out.length);
        } else {
            for (int i = 0; i < out.length; i++) out[i] = dtype.read(data, i);
        }
        return out;
    }

    public String shapeString() {
        return Arrays.toString(shape);
    }
}
