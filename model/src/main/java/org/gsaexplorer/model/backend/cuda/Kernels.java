package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.GsaException;
import org.gsaexplorer.model.config.GsaConfig;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * gsa.cu compiled for one head shape (slots, head dims, head counts are compile-time constants there) and loaded into
 * the device's context, with optional per-kernel timing through CUDA events.
 */
final class Kernels {
    static final String SOURCE = "gsa.cu";

    private final CudaDevice dev;
    private final MemorySegment module;
    private final Map<String, MemorySegment> functions = new HashMap<>();
    private final Map<String, Integer> sharedSet = new HashMap<>();
    final boolean fromCache;
    final double compileSeconds;

    /** Per-kernel accumulated GPU milliseconds and call counts while profiling, else null. */
    private Map<String, double[]> profile;

    Kernels(CudaDevice dev, GsaConfig c) {
        this.dev = dev;
        String source = source();
        List<String> options = List.of("--gpu-architecture=" + dev.arch, "-std=c++17",
                "-DGSA_M=" + c.numSlots(), "-DGSA_DK=" + c.headKDim(), "-DGSA_DV=" + c.headVDim(),
                "-DGSA_HQ=" + c.numHeads(), "-DGSA_HKV=" + c.numKvHeads());
        KernelCache cache = KernelCache.defaultCache();
        String key = KernelCache.key(source, options, dev.arch, dev.driverVersion, Nvrtc.get().version());
        long t0 = System.nanoTime();
        byte[] cubin = CudaFaults.armed(CudaFaults.Fault.COMPILE) ? null : cache.load(key);
        fromCache = cubin != null;
        if (cubin == null) {
            cubin = Nvrtc.get().compile(source, SOURCE, options);
            cache.store(key, cubin);
        }
        compileSeconds = (System.nanoTime() - t0) / 1e9;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment image = a.allocate(cubin.length + 1L, 16);
            MemorySegment.copy(cubin, 0, image, JAVA_BYTE, 0, cubin.length);
            module = dev.driver.loadModule(image);
        }
    }

    static String source() {
        try (InputStream in = Kernels.class.getResourceAsStream(SOURCE)) {
            if (in == null) throw new GsaException("CUDA: kernel source " + SOURCE + " missing from the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GsaException("CUDA: cannot read kernel source " + SOURCE + " (" + e.getMessage() + ")");
        }
    }

    MemorySegment function(String name) {
        return functions.computeIfAbsent(name, n -> dev.driver.function(module, n));
    }

    /** Launches {@code name} on {@code stream}; dynamic shared memory above 48 KB is opted into once per kernel. */
    void launch(String name, int gx, int gy, int bx, int smem, MemorySegment stream, KernelArgs args) {
        launch(name, gx, gy, bx, smem, stream, args, false);
    }

    /** As above; {@code dependent} overlaps the kernel's start with the previous one's end (see Driver.launchEx). */
    void launch(String name, int gx, int gy, int bx, int smem, MemorySegment stream, KernelArgs args, boolean dependent) {
        launch(name, gx, gy, bx, smem, stream, args, dependent, 1);
    }

    /** As above, in clusters of {@code cluster} blocks along x where it is above 1. */
    void launch(String name, int gx, int gy, int bx, int smem, MemorySegment stream, KernelArgs args, boolean dependent, int cluster) {
        MemorySegment fn = function(name);
        if (smem > 48 * 1024 && sharedSet.getOrDefault(name, 0) < smem) {
            dev.driver.setFunctionAttribute(fn, Driver.FUNC_ATTR_MAX_DYNAMIC_SHARED, smem);
            sharedSet.put(name, smem);
        }
        if (profile == null) {
            if (dependent || cluster > 1) dev.driver.launchEx(name, fn, gx, gy, bx, smem, stream, args.params(), dependent, cluster);
            else dev.driver.launch(name, fn, gx, gy, bx, smem, stream, args.params());
            return;
        }
        MemorySegment e0 = dev.driver.createEvent(), e1 = dev.driver.createEvent();
        dev.driver.record(e0, stream);
        if (cluster > 1) dev.driver.launchEx(name, fn, gx, gy, bx, smem, stream, args.params(), false, cluster);
        else dev.driver.launch(name, fn, gx, gy, bx, smem, stream, args.params());
        dev.driver.record(e1, stream);
        dev.driver.eventSync(e1);
        double ms = dev.driver.elapsedMs(e0, e1);
        dev.driver.destroyEvent(e0);
        dev.driver.destroyEvent(e1);
        double[] acc = profile.computeIfAbsent(name, k -> new double[2]);
        acc[0] += ms;
        acc[1]++;
    }

    /** Runs {@code work} (e.g. a cuBLAS call) and, while profiling, books its GPU time under {@code name}. */
    void timed(String name, MemorySegment stream, Runnable work) {
        if (profile == null) {
            work.run();
            return;
        }
        MemorySegment e0 = dev.driver.createEvent(), e1 = dev.driver.createEvent();
        dev.driver.record(e0, stream);
        work.run();
        dev.driver.record(e1, stream);
        dev.driver.eventSync(e1);
        double[] acc = profile.computeIfAbsent(name, k -> new double[2]);
        acc[0] += dev.driver.elapsedMs(e0, e1);
        acc[1]++;
        dev.driver.destroyEvent(e0);
        dev.driver.destroyEvent(e1);
    }

    /** Starts timing every launch (each one synchronised, so only for diagnosis). */
    void startProfile() {
        profile = new LinkedHashMap<>();
    }

    /** Kernel name → {total ms, calls} since {@link #startProfile}; stops timing. */
    Map<String, double[]> stopProfile() {
        Map<String, double[]> p = profile;
        profile = null;
        return p;
    }
}
