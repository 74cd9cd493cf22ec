package org.gsaexplorer.model.backend.cuda.runtime;

import org.gsaexplorer.model.error.GsaException;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Kernel sources compiled by NVRTC as one program (common.cu in front of them) for the device through the on-disk kernel
 * cache and loaded into the device's context; its launches opt into the shared memory and carve-out they need.
 */
public class CudaModule {
    static final String COMMON = "common.cu";

    protected final CudaDevice dev;
    private final MemorySegment module;
    private final Map<String, MemorySegment> functions = new HashMap<>();
    private final Map<String, Integer> sharedSet = new HashMap<>();
    private final Set<String> carved = new HashSet<>();

    /**
     * @param owner   the class whose package holds {@code sources} as resources
     * @param sources file names, concatenated in this order after common.cu
     * @param defines NVRTC options such as {@code -DNAME=VALUE} (see {@link #programDefines})
     */
    public CudaModule(CudaDevice dev, Class<?> owner, List<String> sources, List<String> defines) {
        this.dev = dev;
        String source = source(owner, sources);
        String name = String.join("+", sources);
        List<String> options = new ArrayList<>(List.of("--gpu-architecture=" + dev.arch, "-std=c++17"));
        options.addAll(programDefines(defines));
        KernelCache cache = KernelCache.defaultCache();
        String key = KernelCache.key(source, options, dev.arch, dev.driverVersion, Nvrtc.get().version());
        byte[] cubin = CudaFaults.armed(CudaFaults.Fault.COMPILE) ? null : cache.load(key);
        if (cubin == null) {
            cubin = Nvrtc.get().compile(source, name, options);
            cache.store(key, cubin);
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment image = a.allocate(cubin.length + 1L, 16);
            MemorySegment.copy(cubin, 0, image, JAVA_BYTE, 0, cubin.length);
            dev.makeCurrent();
            module = dev.driver.loadModule(image);
        }
    }

    /** The -D options a program gets: the dtype codes common.cu takes, then its own {@code defines}. */
    public static List<String> programDefines(List<String> defines) {
        List<String> all = new ArrayList<>(HostCast.defines());
        all.addAll(defines);
        return all;
    }

    /**
     * The program NVRTC compiles: common.cu, then each of {@code sources} under its own name and line numbers (so
     * compiler messages point into it).
     */
    public static String source(Class<?> owner, List<String> sources) {
        StringBuilder b = new StringBuilder(text(CudaModule.class, COMMON));
        for (String name : sources) b.append("#line 1 \"").append(name).append("\"\n").append(text(owner, name));
        return b.toString();
    }

    private static String text(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) throw new GsaException("CUDA: kernel source " + name + " missing from the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GsaException("CUDA: cannot read kernel source " + name + " (" + e.getMessage() + ")");
        }
    }

    MemorySegment function(String name) {
        return functions.computeIfAbsent(name, n -> dev.driver.function(module, n));
    }

    /** Launches {@code name} on {@code stream}. */
    public void launch(String name, int gx, int gy, int bx, int smem, MemorySegment stream, KernelArgs args) {
        launch(name, gx, gy, bx, smem, stream, args, false);
    }

    /** As above; {@code dependent} overlaps the kernel's start with the previous one's end (see Driver.launchEx). */
    public void launch(String name, int gx, int gy, int bx, int smem, MemorySegment stream, KernelArgs args, boolean dependent) {
        launch(name, gx, gy, 1, bx, smem, stream, args, dependent, 1);
    }

    /**
     * As above, over {@code gz} grid planes (the sequence of a batched launch), in clusters of {@code cluster} blocks
     * along x where it is above 1. Dynamic shared memory is opted into
     * at its size (the 48 KB default counts static shared memory too). A dependent kernel shares SMs with the one it
     * overlaps only where both use the same L1/shared-memory split, so dependents ask for the largest shared carve-out:
     * with the decode GEMVs' four blocks per SM the driver's own choice left room for three (3–4 % slower, H100).
     */
    public void launch(String name, int gx, int gy, int gz, int bx, int smem, MemorySegment stream, KernelArgs args, boolean dependent, int cluster) {
        MemorySegment fn = function(name);
        if (smem > 0 && sharedSet.getOrDefault(name, 0) < smem) {
            dev.driver.setFunctionAttribute(fn, Driver.FUNC_ATTR_MAX_DYNAMIC_SHARED, smem);
            sharedSet.put(name, smem);
        }
        if (dependent && carved.add(name)) dev.driver.setFunctionAttribute(fn, Driver.FUNC_ATTR_SHARED_CARVEOUT, 100);
        if (dependent || cluster > 1) dev.driver.launchEx(name, fn, gx, gy, gz, bx, smem, stream, args.params(), dependent, cluster);
        else dev.driver.launch(name, fn, gx, gy, gz, bx, smem, stream, args.params());
    }
}
