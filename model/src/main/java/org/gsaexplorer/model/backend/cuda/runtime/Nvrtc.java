package org.gsaexplorer.model.backend.cuda.runtime;

import org.gsaexplorer.model.error.GsaException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** NVRTC (libnvrtc.so.13, else .so.12): CUDA C source to a CUBIN for one GPU architecture. */
public final class Nvrtc {
    private static Nvrtc instance;

    private final Native lib;
    private final MethodHandle create, compile, logSize, log, cubinSize, cubin, destroy, errorString, version;

    private Nvrtc(Native lib) {
        this.lib = lib;
        create = lib.status("nvrtcCreateProgram", ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
        compile = lib.status("nvrtcCompileProgram", ADDRESS, JAVA_INT, ADDRESS);
        logSize = lib.status("nvrtcGetProgramLogSize", ADDRESS, ADDRESS);
        log = lib.status("nvrtcGetProgramLog", ADDRESS, ADDRESS);
        cubinSize = lib.status("nvrtcGetCUBINSize", ADDRESS, ADDRESS);
        cubin = lib.status("nvrtcGetCUBIN", ADDRESS, ADDRESS);
        destroy = lib.status("nvrtcDestroyProgram", ADDRESS);
        errorString = lib.fn("nvrtcGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        version = lib.status("nvrtcVersion", ADDRESS, ADDRESS);
    }

    public static synchronized Nvrtc get() {
        if (instance == null) {
            Native lib = Native.load(List.of("libnvrtc.so.13", "libnvrtc.so.12"));
            if (lib == null)
                throw new GsaException("CUDA: NVRTC not found (libnvrtc.so.13 or .so.12; install the CUDA runtime compiler or add its folder to LD_LIBRARY_PATH)");
            instance = new Nvrtc(lib);
        }
        return instance;
    }

    private int call(MethodHandle h, Object... args) {
        try {
            return (int) h.invokeWithArguments(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new GsaException("NVRTC: native call failed (" + t + ")", t);
        }
    }

    private void check(String what, int rc) {
        if (rc == 0) return;
        String text = null;
        try {
            MemorySegment s = (MemorySegment) errorString.invokeExact(rc);
            if (!s.equals(MemorySegment.NULL)) text = s.reinterpret(256).getString(0);
        } catch (Throwable ignored) {
            // keep the bare status code
        }
        throw CudaErrors.nvrtc(what, rc, text);
    }

    /** "13.0" style version, part of the kernel cache key. */
    String version() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ma = a.allocate(JAVA_INT), mi = a.allocate(JAVA_INT);
            check("nvrtcVersion", call(version, ma, mi));
            return ma.get(JAVA_INT, 0) + "." + mi.get(JAVA_INT, 0);
        }
    }

    /** Compiles {@code source} with {@code options} (which name the arch, e.g. --gpu-architecture=sm_90) to a CUBIN. */
    byte[] compile(String source, String name, List<String> options) {
        if (CudaFaults.armed(CudaFaults.Fault.COMPILE))
            throw CudaErrors.nvrtc("compiling " + name + " (injected fault)", 6, "NVRTC_ERROR_COMPILATION");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment prog = a.allocate(ADDRESS);
            check("nvrtcCreateProgram", call(create, prog, a.allocateFrom(source), a.allocateFrom(name), 0,
                    MemorySegment.NULL, MemorySegment.NULL));
            MemorySegment p = prog.get(ADDRESS, 0);
            try {
                MemorySegment opts = a.allocate(ADDRESS, options.size());
                for (int i = 0; i < options.size(); i++) opts.setAtIndex(ADDRESS, i, a.allocateFrom(options.get(i)));
                int rc = call(compile, p, options.size(), opts);
                if (rc != 0) {
                    MemorySegment n = a.allocate(JAVA_LONG);
                    check("nvrtcGetProgramLogSize", call(logSize, p, n));
                    MemorySegment text = a.allocate(Math.max(1, n.get(JAVA_LONG, 0)));
                    check("nvrtcGetProgramLog", call(log, p, text));
                    throw new GsaException("NVRTC: compiling " + name + " failed: " + CudaErrors.firstError(text.getString(0)));
                }
                MemorySegment n = a.allocate(JAVA_LONG);
                check("nvrtcGetCUBINSize", call(cubinSize, p, n));
                MemorySegment out = a.allocate(n.get(JAVA_LONG, 0));
                check("nvrtcGetCUBIN", call(cubin, p, out));
                return out.toArray(JAVA_BYTE);
            } finally {
                call(destroy, prog);
            }
        }
    }
}
