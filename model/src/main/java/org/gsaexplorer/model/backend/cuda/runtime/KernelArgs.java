package org.gsaexplorer.model.backend.cuda.runtime;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The {@code void** kernelParams} array of cuLaunchKernel: one 8-byte slot per argument holding its value, and an
 * array of pointers to the slots. Device pointers and 64-bit integers take 8 bytes, ints and floats 4 (in the low
 * bytes of their slot, which is where a little-endian read of the declared type finds them).
 */
public final class KernelArgs {
    static final int MAX = 32;

    private final MemorySegment values;
    private final MemorySegment pointers;
    private int n;

    public KernelArgs(Arena arena) {
        values = arena.allocate(8L * MAX, 8);
        pointers = arena.allocate(ADDRESS, MAX);
    }

    public KernelArgs reset() {
        n = 0;
        return this;
    }

    private MemorySegment slot() {
        if (n == MAX) throw new IllegalStateException("more than " + MAX + " kernel arguments");
        MemorySegment s = values.asSlice(8L * n, 8);
        s.set(JAVA_LONG, 0, 0L);
        pointers.setAtIndex(ADDRESS, n++, s);
        return s;
    }

    /** A device pointer (0 for a null pointer). */
    public KernelArgs ptr(long devicePointer) {
        slot().set(JAVA_LONG, 0, devicePointer);
        return this;
    }

    public KernelArgs u64(long v) {
        slot().set(JAVA_LONG, 0, v);
        return this;
    }

    public KernelArgs i32(int v) {
        slot().set(JAVA_INT, 0, v);
        return this;
    }

    public KernelArgs f32(float v) {
        slot().set(JAVA_FLOAT, 0, v);
        return this;
    }

    int count() {
        return n;
    }

    /** What to pass as kernelParams. */
    MemorySegment params() {
        return pointers;
    }
}
