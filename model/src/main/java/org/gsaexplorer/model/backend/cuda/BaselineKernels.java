package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.GsaException;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/** baselines.cu (the Transformer++ and GLA kernels of the bench) compiled once per process through the kernel cache. */
final class BaselineKernels {
    static final String SOURCE = "baselines.cu";
    private static BaselineKernels instance;

    final CudaDevice dev;
    private final MemorySegment module;
    private final Map<String, MemorySegment> functions = new HashMap<>();
    private final Map<String, Integer> sharedSet = new HashMap<>();

    private BaselineKernels(CudaDevice dev) {
        this.dev = dev;
        String source;
        try (InputStream in = BaselineKernels.class.getResourceAsStream(SOURCE)) {
            if (in == null) throw new GsaException("CUDA: kernel source " + SOURCE + " missing from the classpath");
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GsaException("CUDA: cannot read kernel source " + SOURCE + " (" + e.getMessage() + ")");
        }
        List<String> options = List.of("--gpu-architecture=" + dev.arch, "-std=c++17");
        KernelCache cache = KernelCache.defaultCache();
        String key = KernelCache.key(source, options, dev.arch, dev.driverVersion, Nvrtc.get().version());
        byte[] cubin = cache.load(key);
        if (cubin == null) {
            cubin = Nvrtc.get().compile(source, SOURCE, options);
            cache.store(key, cubin);
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment image = a.allocate(cubin.length + 1L, 16);
            MemorySegment.copy(cubin, 0, image, JAVA_BYTE, 0, cubin.length);
            dev.makeCurrent();
            module = dev.driver.loadModule(image);
        }
    }

    static synchronized BaselineKernels get() {
        if (instance == null) instance = new BaselineKernels(CudaDevice.get());
        return instance;
    }

    /** Launches {@code name}; dynamic shared memory above 48 KB is opted into once per kernel. */
    void launch(String name, int gx, int gy, int bx, int smem, MemorySegment stream, KernelArgs args) {
        MemorySegment fn = functions.computeIfAbsent(name, n -> dev.driver.function(module, n));
        if (smem > 48 * 1024 && sharedSet.getOrDefault(name, 0) < smem) {
            dev.driver.setFunctionAttribute(fn, Driver.FUNC_ATTR_MAX_DYNAMIC_SHARED, smem);
            sharedSet.put(name, smem);
        }
        dev.driver.launch(name, fn, gx, gy, bx, smem, stream, args.params());
    }
}
