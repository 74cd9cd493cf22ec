package org.gsaexplorer.model.backend.cuda.runtime;

import org.gsaexplorer.model.error.GsaException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The CUDA driver API ({@code libcuda.so.1}) through FFM. Every call's status is checked; a failure becomes a one-line
 * {@link GsaException}. Handles (contexts, streams, modules, functions, events, graphs) are kept as
 * {@link MemorySegment} addresses, device pointers as longs.
 */
public final class Driver {
    private static Driver instance;
    private static GsaException loadFailure;

    final Native lib;
    private final MethodHandle cuInit, cuDriverGetVersion, cuDeviceGetCount, cuDeviceGet, cuDeviceGetName,
            cuDeviceGetAttribute, cuDevicePrimaryCtxRetain, cuCtxSetCurrent, cuMemAlloc, cuMemFree, cuMemGetInfo,
            cuMemcpyHtoD, cuMemcpyDtoH, cuMemcpyHtoDAsync, cuMemcpyDtoHAsync, cuMemcpyDtoDAsync, cuMemsetD8Async,
            cuMemHostAlloc, cuMemFreeHost, cuModuleLoadData, cuModuleGetFunction, cuFuncSetAttribute, cuLaunchKernel, cuLaunchKernelEx,
            cuStreamCreate, cuStreamDestroy, cuStreamSynchronize, cuStreamWaitEvent, cuEventCreate, cuEventRecord, cuEventSynchronize,
            cuEventElapsedTime, cuEventDestroy, cuStreamBeginCapture, cuStreamEndCapture, cuGraphInstantiate,
            cuGraphLaunch, cuGraphExecDestroy, cuGraphDestroy, cuGetErrorName;

    private Driver(Native lib) {
        this.lib = lib;
        cuGetErrorName = lib.status("cuGetErrorName", JAVA_INT, ADDRESS);
        cuInit = lib.status("cuInit", JAVA_INT);
        cuDriverGetVersion = lib.status("cuDriverGetVersion", ADDRESS);
        cuDeviceGetCount = lib.status("cuDeviceGetCount", ADDRESS);
        cuDeviceGet = lib.status("cuDeviceGet", ADDRESS, JAVA_INT);
        cuDeviceGetName = lib.status("cuDeviceGetName", ADDRESS, JAVA_INT, JAVA_INT);
        cuDeviceGetAttribute = lib.status("cuDeviceGetAttribute", ADDRESS, JAVA_INT, JAVA_INT);
        cuDevicePrimaryCtxRetain = lib.status("cuDevicePrimaryCtxRetain", ADDRESS, JAVA_INT);
        cuCtxSetCurrent = lib.status("cuCtxSetCurrent", ADDRESS);
        cuMemAlloc = lib.status("cuMemAlloc_v2", ADDRESS, JAVA_LONG);
        cuMemFree = lib.status("cuMemFree_v2", JAVA_LONG);
        cuMemGetInfo = lib.status("cuMemGetInfo_v2", ADDRESS, ADDRESS);
        cuMemcpyHtoD = lib.status("cuMemcpyHtoD_v2", JAVA_LONG, ADDRESS, JAVA_LONG);
        cuMemcpyDtoH = lib.status("cuMemcpyDtoH_v2", ADDRESS, JAVA_LONG, JAVA_LONG);
        cuMemcpyHtoDAsync = lib.status("cuMemcpyHtoDAsync_v2", JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS);
        cuMemcpyDtoHAsync = lib.status("cuMemcpyDtoHAsync_v2", ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS);
        cuMemcpyDtoDAsync = lib.status("cuMemcpyDtoDAsync_v2", JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS);
        cuMemsetD8Async = lib.status("cuMemsetD8Async", JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS);
        cuMemHostAlloc = lib.status("cuMemHostAlloc", ADDRESS, JAVA_LONG, JAVA_INT);
        cuMemFreeHost = lib.status("cuMemFreeHost", ADDRESS);
        cuModuleLoadData = lib.status("cuModuleLoadData", ADDRESS, ADDRESS);
        cuModuleGetFunction = lib.status("cuModuleGetFunction", ADDRESS, ADDRESS, ADDRESS);
        cuFuncSetAttribute = lib.status("cuFuncSetAttribute", ADDRESS, JAVA_INT, JAVA_INT);
        cuLaunchKernel = lib.status("cuLaunchKernel", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
        cuLaunchKernelEx = lib.status("cuLaunchKernelEx", ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        cuStreamCreate = lib.status("cuStreamCreate", ADDRESS, JAVA_INT);
        cuStreamDestroy = lib.status("cuStreamDestroy_v2", ADDRESS);
        cuStreamSynchronize = lib.status("cuStreamSynchronize", ADDRESS);
        cuStreamWaitEvent = lib.status("cuStreamWaitEvent", ADDRESS, ADDRESS, JAVA_INT);
        cuEventCreate = lib.status("cuEventCreate", ADDRESS, JAVA_INT);
        cuEventRecord = lib.status("cuEventRecord", ADDRESS, ADDRESS);
        cuEventSynchronize = lib.status("cuEventSynchronize", ADDRESS);
        cuEventElapsedTime = lib.status("cuEventElapsedTime", ADDRESS, ADDRESS, ADDRESS);
        cuEventDestroy = lib.status("cuEventDestroy_v2", ADDRESS);
        cuStreamBeginCapture = lib.status("cuStreamBeginCapture_v2", ADDRESS, JAVA_INT);
        cuStreamEndCapture = lib.status("cuStreamEndCapture", ADDRESS, ADDRESS);
        cuGraphInstantiate = lib.status("cuGraphInstantiateWithFlags", ADDRESS, ADDRESS, JAVA_LONG);
        cuGraphLaunch = lib.status("cuGraphLaunch", ADDRESS, ADDRESS);
        cuGraphExecDestroy = lib.status("cuGraphExecDestroy", ADDRESS);
        cuGraphDestroy = lib.status("cuGraphDestroy", ADDRESS);
    }

    /** The driver, loaded and initialised once; throws the same one-line reason on every call if that failed. */
    static synchronized Driver get() {
        if (instance != null) return instance;
        if (loadFailure != null) throw loadFailure;
        try {
            Native lib = Native.load(List.of("libcuda.so.1"));
            if (lib == null) throw new GsaException("CUDA: libcuda.so.1 not found (no NVIDIA driver installed)");
            Driver d = new Driver(lib);
            d.check("cuInit", d.call(d.cuInit, 0));
            instance = d;
            return d;
        } catch (GsaException e) {
            loadFailure = e;
            throw e;
        }
    }

    int call(MethodHandle h, Object... args) {
        try {
            return (int) h.invokeWithArguments(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new GsaException("CUDA: native call failed (" + t + ")", t);
        }
    }

    void check(String call, int rc) {
        if (rc != 0) throw CudaErrors.driver(call, rc, errorName(rc));
    }

    private String errorName(int rc) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ADDRESS);
            if (call(cuGetErrorName, rc, p) != 0) return null;
            MemorySegment s = p.get(ADDRESS, 0);
            return s.equals(MemorySegment.NULL) ? null : s.reinterpret(256).getString(0);
        }
    }

    private void run(String name, MethodHandle h, Object... args) {
        check(name, call(h, args));
    }

    /** Runs {@code h} with a fresh out-parameter of {@code layout} in front of {@code rest}; returns that parameter. */
    private MemorySegment out(MemoryLayout layout, String name, MethodHandle h, Object... rest) {
        MemorySegment v = Arena.ofAuto().allocate(layout);
        Object[] args = new Object[rest.length + 1];
        args[0] = v;
        System.arraycopy(rest, 0, args, 1, rest.length);
        run(name, h, args);
        return v;
    }

    int version() {
        return out(JAVA_INT, "cuDriverGetVersion", cuDriverGetVersion).get(JAVA_INT, 0);
    }

    int deviceCount() {
        return out(JAVA_INT, "cuDeviceGetCount", cuDeviceGetCount).get(JAVA_INT, 0);
    }

    int device(int ordinal) {
        return out(JAVA_INT, "cuDeviceGet", cuDeviceGet, ordinal).get(JAVA_INT, 0);
    }

    String deviceName(int dev) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(256);
            run("cuDeviceGetName", cuDeviceGetName, s, 256, dev);
            return s.getString(0);
        }
    }

    static final int ATTR_SM_COUNT = 16, ATTR_CC_MAJOR = 75, ATTR_CC_MINOR = 76, ATTR_SMEM_PER_SM = 81;

    int attribute(int attr, int dev) {
        return out(JAVA_INT, "cuDeviceGetAttribute", cuDeviceGetAttribute, attr, dev).get(JAVA_INT, 0);
    }

    MemorySegment primaryContext(int dev) {
        return out(ADDRESS, "cuDevicePrimaryCtxRetain", cuDevicePrimaryCtxRetain, dev).get(ADDRESS, 0);
    }

    void setCurrent(MemorySegment ctx) {
        run("cuCtxSetCurrent", cuCtxSetCurrent, ctx);
    }

    /** Device memory; {@code what} names the use in the error message. */
    public long alloc(long bytes, String what) {
        if (CudaFaults.armed(CudaFaults.Fault.ALLOC))
            throw CudaErrors.driver("cuMemAlloc (" + what + ", injected fault)", CudaErrors.CUDA_ERROR_OUT_OF_MEMORY, null);
        return out(JAVA_LONG, "cuMemAlloc (" + what + ", " + bytes + " bytes)", cuMemAlloc, Math.max(bytes, 1)).get(JAVA_LONG, 0);
    }

    public void free(long ptr) {
        if (ptr != 0) run("cuMemFree", cuMemFree, ptr);
    }

    /** {free, total} bytes of device memory. */
    public long[] memInfo() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment f = a.allocate(JAVA_LONG), t = a.allocate(JAVA_LONG);
            run("cuMemGetInfo", cuMemGetInfo, f, t);
            return new long[]{f.get(JAVA_LONG, 0), t.get(JAVA_LONG, 0)};
        }
    }

    public void copyHtoD(long dst, MemorySegment src, long bytes) {
        run("cuMemcpyHtoD", cuMemcpyHtoD, dst, src, bytes);
    }

    public void copyDtoH(MemorySegment dst, long src, long bytes) {
        run("cuMemcpyDtoH", cuMemcpyDtoH, dst, src, bytes);
    }

    public void copyHtoDAsync(long dst, MemorySegment src, long bytes, MemorySegment stream) {
        run("cuMemcpyHtoDAsync", cuMemcpyHtoDAsync, dst, src, bytes, stream);
    }

    public void copyDtoHAsync(MemorySegment dst, long src, long bytes, MemorySegment stream) {
        run("cuMemcpyDtoHAsync", cuMemcpyDtoHAsync, dst, src, bytes, stream);
    }

    public void copyDtoDAsync(long dst, long src, long bytes, MemorySegment stream) {
        run("cuMemcpyDtoDAsync", cuMemcpyDtoDAsync, dst, src, bytes, stream);
    }

    public void zeroAsync(long dst, long bytes, MemorySegment stream) {
        if (bytes > 0) run("cuMemsetD8Async", cuMemsetD8Async, dst, 0, bytes, stream);
    }

    /** Page-locked host memory (needed for truly asynchronous copies). */
    public MemorySegment hostAlloc(long bytes) {
        if (CudaFaults.armed(CudaFaults.Fault.ALLOC))
            throw CudaErrors.driver("cuMemHostAlloc (injected fault)", CudaErrors.CUDA_ERROR_OUT_OF_MEMORY, null);
        return out(ADDRESS, "cuMemHostAlloc (" + bytes + " bytes pinned)", cuMemHostAlloc, Math.max(bytes, 1), 0).get(ADDRESS, 0).reinterpret(bytes);
    }

    public void hostFree(MemorySegment p) {
        run("cuMemFreeHost", cuMemFreeHost, p);
    }

    MemorySegment loadModule(MemorySegment image) {
        return out(ADDRESS, "cuModuleLoadData", cuModuleLoadData, image).get(ADDRESS, 0);
    }

    MemorySegment function(MemorySegment module, String name) {
        return out(ADDRESS, "cuModuleGetFunction(" + name + ")", cuModuleGetFunction, module, Arena.ofAuto().allocateFrom(name)).get(ADDRESS, 0);
    }

    static final int FUNC_ATTR_MAX_DYNAMIC_SHARED = 8;
    /** CU_FUNC_ATTRIBUTE_PREFERRED_SHARED_MEMORY_CARVEOUT: percent of the L1/shared capacity preferred as shared memory. */
    static final int FUNC_ATTR_SHARED_CARVEOUT = 9;

    void setFunctionAttribute(MemorySegment fn, int attr, int value) {
        run("cuFuncSetAttribute", cuFuncSetAttribute, fn, attr, value);
    }

    void launch(String name, MemorySegment fn, int gx, int gy, int gz, int bx, int smem, MemorySegment stream, MemorySegment params) {
        int rc;
        if (CudaFaults.armed(CudaFaults.Fault.LAUNCH)) {
            rc = CudaErrors.CUDA_ERROR_LAUNCH_FAILED;
        } else {
            try {
                rc = (int) cuLaunchKernel.invokeExact(fn, gx, gy, gz, bx, 1, 1, smem, stream, params, MemorySegment.NULL);
            } catch (Throwable t) {
                throw new GsaException("CUDA: launching " + name + " failed (" + t + ")", t);
            }
        }
        if (rc != 0) throw CudaErrors.driver("launching kernel " + name + (rc == CudaErrors.CUDA_ERROR_LAUNCH_FAILED
                && CudaFaults.armed(CudaFaults.Fault.LAUNCH) ? " (injected fault)" : ""), rc, errorName(rc));
    }

    public MemorySegment createStream() {
        return out(ADDRESS, "cuStreamCreate", cuStreamCreate, 1).get(ADDRESS, 0); // CU_STREAM_NON_BLOCKING: capturable, no implicit sync
    }

    public void destroyStream(MemorySegment s) {
        run("cuStreamDestroy", cuStreamDestroy, s);
    }

    public void sync(MemorySegment stream) {
        run("cuStreamSynchronize", cuStreamSynchronize, stream);
    }

    /** Work queued on {@code stream} after this waits for {@code event} (during capture: a fork or join of the graph). */
    public void waitEvent(MemorySegment stream, MemorySegment event) {
        run("cuStreamWaitEvent", cuStreamWaitEvent, stream, event, 0);
    }

    public MemorySegment createEvent() {
        return out(ADDRESS, "cuEventCreate", cuEventCreate, 0).get(ADDRESS, 0);
    }

    public void record(MemorySegment event, MemorySegment stream) {
        run("cuEventRecord", cuEventRecord, event, stream);
    }

    public void eventSync(MemorySegment event) {
        run("cuEventSynchronize", cuEventSynchronize, event);
    }

    public float elapsedMs(MemorySegment start, MemorySegment end) {
        return out(JAVA_FLOAT, "cuEventElapsedTime", cuEventElapsedTime, start, end).get(JAVA_FLOAT, 0);
    }

    public void destroyEvent(MemorySegment e) {
        run("cuEventDestroy", cuEventDestroy, e);
    }

    /** GPU milliseconds of {@code work} queued on {@code stream}, between two events. */
    public double timeMs(MemorySegment stream, Runnable work) {
        MemorySegment e0 = createEvent(), e1 = createEvent();
        try {
            record(e0, stream);
            work.run();
            record(e1, stream);
            eventSync(e1);
            return elapsedMs(e0, e1);
        } finally {
            destroyEvent(e0);
            destroyEvent(e1);
        }
    }

    public void beginCapture(MemorySegment stream) {
        run("cuStreamBeginCapture", cuStreamBeginCapture, stream, 1); // CU_STREAM_CAPTURE_MODE_THREAD_LOCAL
    }

    public MemorySegment endCapture(MemorySegment stream) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(ADDRESS);
            run("cuStreamEndCapture", cuStreamEndCapture, stream, v);
            return v.get(ADDRESS, 0);
        }
    }

    public MemorySegment instantiate(MemorySegment graph) {
        return out(ADDRESS, "cuGraphInstantiate", cuGraphInstantiate, graph, 0L).get(ADDRESS, 0);
    }

    /** CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION and _PROGRAMMATIC_STREAM_SERIALIZATION (cuLaunchKernelEx attributes). */
    private static final int ATTR_CLUSTER_DIMENSION = 4, ATTR_PROGRAMMATIC_SERIALIZATION = 6;

    /**
     * Launches {@code fn} through cuLaunchKernelEx. {@code dependent}: a programmatic dependent of the previous kernel on
     * the stream, whose blocks may start once that kernel's blocks have all triggered (griddepcontrol.launch_dependents)
     * and must griddepcontrol.wait before touching its results; captured graphs keep the relation. {@code cluster} > 1:
     * blocks run in clusters of that many along x (sm_90+), sharing distributed shared memory.
     */
    void launchEx(String name, MemorySegment fn, int gx, int gy, int gz, int bx, int smem, MemorySegment stream, MemorySegment params,
                  boolean dependent, int cluster) {
        int rc;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment attrs = a.allocate(2 * 72, 8); // CUlaunchAttribute: id, pad, 64-byte value union
            int n = 0;
            if (dependent) {
                attrs.set(JAVA_INT, 72L * n, ATTR_PROGRAMMATIC_SERIALIZATION);
                attrs.set(JAVA_INT, 72L * n + 8, 1);
                n++;
            }
            if (cluster > 1) {
                attrs.set(JAVA_INT, 72L * n, ATTR_CLUSTER_DIMENSION);
                attrs.set(JAVA_INT, 72L * n + 8, cluster);
                attrs.set(JAVA_INT, 72L * n + 12, 1);
                attrs.set(JAVA_INT, 72L * n + 16, 1);
                n++;
            }
            MemorySegment cfg = a.allocate(56, 8); // CUlaunchConfig
            int[] dims = {gx, gy, gz, bx, 1, 1, smem};
            for (int i = 0; i < dims.length; i++) cfg.set(JAVA_INT, 4L * i, dims[i]);
            cfg.set(ADDRESS, 32, stream);
            cfg.set(ADDRESS, 40, attrs);
            cfg.set(JAVA_INT, 48, n);
            rc = (int) cuLaunchKernelEx.invokeExact(cfg, fn, params, MemorySegment.NULL);
        } catch (Throwable t) {
            throw new GsaException("CUDA: launching " + name + " failed (" + t + ")", t);
        }
        if (rc != 0) throw CudaErrors.driver("launching kernel " + name, rc, errorName(rc));
    }

    public void launchGraph(MemorySegment exec, MemorySegment stream) {
        if (CudaFaults.armed(CudaFaults.Fault.LAUNCH))
            throw CudaErrors.driver("cuGraphLaunch (injected fault)", CudaErrors.CUDA_ERROR_LAUNCH_FAILED, null);
        run("cuGraphLaunch", cuGraphLaunch, exec, stream);
    }

    public void destroyGraph(MemorySegment graph, MemorySegment exec) {
        if (exec != null) run("cuGraphExecDestroy", cuGraphExecDestroy, exec);
        if (graph != null) run("cuGraphDestroy", cuGraphDestroy, graph);
    }
}
