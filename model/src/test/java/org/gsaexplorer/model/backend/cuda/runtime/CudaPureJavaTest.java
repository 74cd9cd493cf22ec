package org.gsaexplorer.model.backend.cuda.runtime;

import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.weights.DType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parts of the CUDA runtime layer that need no GPU: cache keys, error mapping, dtype conversion, argument packing. */
class CudaPureJavaTest {
    @AfterEach
    void disarm() {
        CudaFaults.clear();
    }

    @Test
    void cacheKeyCoversSourceOptionsArchDriverAndCompiler() {
        String base = KernelCache.key("src", List.of("-DA=1"), "sm_90", 13000, "13.0");
        assertEquals(base, KernelCache.key("src", List.of("-DA=1"), "sm_90", 13000, "13.0"));
        assertNotEquals(base, KernelCache.key("src2", List.of("-DA=1"), "sm_90", 13000, "13.0"));
        assertNotEquals(base, KernelCache.key("src", List.of("-DA=2"), "sm_90", 13000, "13.0"));
        assertNotEquals(base, KernelCache.key("src", List.of("-DA=1"), "sm_80", 13000, "13.0"));
        assertNotEquals(base, KernelCache.key("src", List.of("-DA=1"), "sm_90", 12080, "13.0"));
        assertNotEquals(base, KernelCache.key("src", List.of("-DA=1"), "sm_90", 13000, "12.8"));
        // parts are separated, so moving text from one part to the next changes the key
        assertNotEquals(KernelCache.key("ab", List.of("c"), "sm_90", 1, "1"), KernelCache.key("a", List.of("bc"), "sm_90", 1, "1"));
        assertTrue(base.matches("sm_90-[0-9a-f]{32}"), base);
    }

    @Test
    void cacheStoresAndLoads(@TempDir Path dir) {
        KernelCache cache = new KernelCache(dir.resolve("nested"));
        assertNull(cache.load("k"));
        cache.store("k", new byte[]{1, 2, 3});
        assertArrayEquals(new byte[]{1, 2, 3}, cache.load("k"));
    }

    @Test
    void errorsAreOneLineWithNameAndHint() {
        GsaException oom = CudaErrors.driver("cuMemAlloc (weights, 10 bytes)", 2, null);
        assertEquals("CUDA: cuMemAlloc (weights, 10 bytes) failed with CUDA_ERROR_OUT_OF_MEMORY: out of GPU memory "
                + "(close other GPU programs or use a smaller model / dtype)", oom.getMessage());
        assertTrue(CudaErrors.driver("cuInit", 100, "CUDA_ERROR_NO_DEVICE").getMessage().endsWith("no CUDA-capable GPU was found"));
        assertTrue(CudaErrors.driver("cuInit", 35, null).getMessage().contains("driver is too old"));
        assertEquals("CUDA: x failed with CUDA error 12345", CudaErrors.driver("x", 12345, null).getMessage());
        assertTrue(CudaErrors.cublas("cublasGemmEx", 3).getMessage().contains("CUBLAS_STATUS_ALLOC_FAILED"));
        for (int code : new int[]{1, 2, 100, 209, 700, 719, 999})
            assertFalse(CudaErrors.driver("call", code, null).getMessage().contains("\n"));
    }

    @Test
    void compilerLogShrinksToFirstErrorLine() {
        String log = "gsa.cu(10): warning: unused\ngsa.cu(12): error: identifier \"foo\" is undefined\n\n1 error detected\n";
        assertEquals("gsa.cu(12): error: identifier \"foo\" is undefined", CudaErrors.firstError(log));
        assertEquals("no log", CudaErrors.firstError(""));
    }

    @Test
    void hostCastMatchesDTypeRounding() {
        float[] values = {0f, -0f, 1f, -1.5f, 3.1415927f, 1e-3f, 65504f, 1e30f, Float.MIN_NORMAL, Float.NaN,
                Float.POSITIVE_INFINITY, 1.00390625f /* halfway between two bf16 values: rounds to even */};
        try (Arena a = Arena.ofConfined()) {
            MemorySegment src = a.allocateFrom(JAVA_FLOAT, values);
            for (DType to : new DType[]{DType.BF16, DType.F16, DType.F32}) {
                MemorySegment dst = a.allocate((long) values.length * to.bytes, 16);
                HostCast.convert(src, DType.F32, 0, dst, to, values.length);
                for (int i = 0; i < values.length; i++) {
                    float back = to.read(dst, i);
                    float expect = to.roundTrip(values[i]);
                    assertEquals(Float.floatToIntBits(expect), Float.floatToIntBits(back), to + " of " + values[i]);
                }
            }
            MemorySegment bf = a.allocate(2L * values.length, 16);
            HostCast.convert(src, DType.F32, 0, bf, DType.BF16, values.length);
            assertEquals((short) 0x3f80, bf.getAtIndex(JAVA_SHORT, 2));          // 1.0
            assertEquals((short) 0x3f80, bf.getAtIndex(JAVA_SHORT, 11));         // 1.00390625 → 1.0 (even)
            // from an offset, and between the 16-bit types
            MemorySegment h = a.allocate(2L * 3, 16);
            HostCast.convert(bf, DType.BF16, 2, h, DType.F16, 3);
            assertEquals(1f, DType.F16.read(h, 0));
            assertEquals(-1.5f, DType.F16.read(h, 1));
        }
        assertEquals(0, HostCast.code(DType.F32));
        assertEquals(1, HostCast.code(DType.F16));
        assertEquals(2, HostCast.code(DType.BF16));
    }

    @Test
    void kernelArgumentsArePointersToValueSlots() {
        try (Arena a = Arena.ofConfined()) {
            KernelArgs args = new KernelArgs(a);
            args.reset().ptr(0x7f0012345678L).i32(-7).f32(2.5f).u64(1L << 40).ptr(0);
            assertEquals(5, args.count());
            MemorySegment p = args.params();
            MemorySegment s0 = p.getAtIndex(ADDRESS, 0).reinterpret(8), s1 = p.getAtIndex(ADDRESS, 1).reinterpret(8);
            MemorySegment s2 = p.getAtIndex(ADDRESS, 2).reinterpret(8), s3 = p.getAtIndex(ADDRESS, 3).reinterpret(8);
            assertEquals(0x7f0012345678L, s0.get(JAVA_LONG, 0));
            assertEquals(-7, s1.get(JAVA_INT, 0));
            assertEquals(2.5f, s2.get(JAVA_FLOAT, 0));
            assertEquals(1L << 40, s3.get(JAVA_LONG, 0));
            assertEquals(0L, p.getAtIndex(ADDRESS, 4).reinterpret(8).get(JAVA_LONG, 0));
            // slots are 8 bytes apart and reused after reset, stale high bytes cleared
            assertEquals(8, s1.address() - s0.address());
            args.reset().i32(1);
            assertEquals(1L, s0.get(JAVA_LONG, 0));
            assertEquals(1, args.count());
        }
    }

    @Test
    void faultsCanBeArmedAndCleared() {
        assertFalse(CudaFaults.armed(CudaFaults.Fault.ALLOC));
        CudaFaults.arm(CudaFaults.Fault.ALLOC);
        assertTrue(CudaFaults.armed(CudaFaults.Fault.ALLOC));
        assertFalse(CudaFaults.armed(CudaFaults.Fault.LAUNCH));
        CudaFaults.disarm(CudaFaults.Fault.ALLOC);
        assertFalse(CudaFaults.armed(CudaFaults.Fault.ALLOC));
    }
}
