package org.gsaexplorer.model.backend.nd4j;

import org.gsaexplorer.model.backend.cuda.runtime.CudaDevice;
import org.gsaexplorer.model.error.GsaException;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * What ND4J's CUDA 11.6 backend (the {@code nd4j-cuda} build profile) needs from the machine, checked before ND4J is
 * touched: when any of it is missing ND4J fails inside its static initialiser with a long UnsatisfiedLinkError and
 * leaves itself unusable for the rest of the process. ND4J 1.0.0-M2.1 ships only compiled kernels (no PTX) for
 * compute capabilities 3.7 to 8.6, which also run on 8.x GPUs of later minor versions, but on nothing from 9.0 on.
 */
final class Nd4jCudaRequirements {
    static final String CUDA_BACKEND_CLASS = "org.nd4j.linalg.jcublas.JCublasBackend";
    static final String DRIVER = "libcuda.so.1";
    /** The CUDA 11.6 runtime libraries the JavaCPP presets and libnd4jcuda.so link against. */
    static final List<String> RUNTIME = List.of("libcudart.so.11.0", "libcublas.so.11", "libcublasLt.so.11", "libcusolver.so.11");
    static final int OLDEST_CC = 37, NEWEST_MAJOR = 8;
    private static final String ADVICE = "ND4J's CUDA backend (this build used -Pnd4j-cuda) needs the NVIDIA driver, the CUDA 11.6 runtime and a GPU of compute capability 3.7-8.9;"
            + " build without -Pnd4j-cuda for the CPU engine, or use --backend cuda (the project's own CUDA 12/13 backend)";

    private Nd4jCudaRequirements() {
    }

    /** Null when ND4J can start here: always for its CPU build; for its CUDA build, once driver, runtime and GPU fit. */
    static String unmetReason() {
        if (!onClasspath(CUDA_BACKEND_CLASS)) return null;
        return unmetReason(Nd4jCudaRequirements::loadable, () -> CudaDevice.computeCapability(0));
    }

    static String unmetReason(Predicate<String> loadable, IntSupplier computeCapability) {
        if (!loadable.test(DRIVER)) return "nd4j: " + DRIVER + " not found (no NVIDIA driver); " + ADVICE;
        List<String> missing = RUNTIME.stream().filter(loadable.negate()).toList();
        if (!missing.isEmpty()) return "nd4j: " + String.join(", ", missing) + " not found (CUDA 11.6 runtime); " + ADVICE;
        int cc;
        try {
            cc = computeCapability.getAsInt();
        } catch (GsaException e) {
            return "nd4j: " + e.getMessage() + "; " + ADVICE;
        }
        if (cc < OLDEST_CC || cc / 10 > NEWEST_MAJOR)
            return "nd4j: the GPU has compute capability " + cc / 10 + "." + cc % 10 + ", which ND4J 1.0.0-M2.1 has no kernels for; " + ADVICE;
        return null;
    }

    private static boolean onClasspath(String name) {
        try {
            Class.forName(name, false, Nd4jCudaRequirements.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static boolean loadable(String soname) {
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup.libraryLookup(soname, arena);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
