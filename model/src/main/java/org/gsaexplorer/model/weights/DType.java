package org.gsaexplorer.model.weights;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Element types a GSA checkpoint may hold. Safetensors stores them little-endian. */
public enum DType {
    F32(4), F16(2), BF16(2);

    static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort I16_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    public final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Reads element {@code i} of {@code seg} as float. */
    public float read(MemorySegment seg, long i) {
        return switch (this) {
            case F32 -> seg.get(F32_LE, i * 4);
            case F16 -> Float.float16ToFloat(seg.get(I16_LE, i * 2));
            case BF16 -> Float.intBitsToFloat((seg.get(I16_LE, i * 2) & 0xffff) << 16);
        };
    }

    /** Writes {@code v} as element {@code i}, rounding to nearest even for the 16-bit types. */
    public void write(MemorySegment seg, long i, float v) {
        switch (this) {
            case F32 -> seg.set(F32_LE, i * 4, v);
            case F16 -> seg.set(I16_LE, i * 2, Float.floatToFloat16(v));
            case BF16 -> seg.set(I16_LE, i * 2, toBf16(v));
        }
    }

    /** Round-to-nearest-even float → bfloat16 bits (NaN stays NaN). */
    public static short toBf16(float v) {
        int bits = Float.floatToRawIntBits(v);
        if (Float.isNaN(v)) return (short) ((bits >>> 16) | 0x40);
        int rounding = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    /** Rounds a float through this dtype and back (what storing it in a checkpoint does). */
    public float roundTrip(float v) {
        return switch (this) {
            case F32 -> v;
            case F16 -> Float.float16ToFloat(Float.floatToFloat16(v));
            case BF16 -> Float.intBitsToFloat((toBf16(v) & 0xffff) << 16);
        };
    }

    /** The safetensors name, or null if the name is not a dtype GSA Explorer reads. */
    public static DType fromSafetensors(String name) {
        return switch (name) {
            case "F32" -> F32;
            case "F16" -> F16;
            case "BF16" -> BF16;
            default -> null;
        };
    }
}
