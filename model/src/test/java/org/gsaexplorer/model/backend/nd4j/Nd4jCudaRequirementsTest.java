package org.gsaexplorer.model.backend.nd4j;

import org.gsaexplorer.model.error.GsaException;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.*;

/** The nd4j-cuda profile's start-up check: each missing piece is named in one line; a fitting machine passes. */
class Nd4jCudaRequirementsTest {
    static final Predicate<String> EVERYTHING = name -> true;

    @Test
    void theCpuBuildNeedsNothing() {
        assertNull(Nd4jCudaRequirements.unmetReason(), "this build links ND4J's CPU backend");
    }

    @Test
    void noDriverIsNamed() {
        String r = Nd4jCudaRequirements.unmetReason(name -> !name.equals("libcuda.so.1"), () -> 86);
        assertTrue(r.startsWith("nd4j: libcuda.so.1 not found (no NVIDIA driver); "), r);
        assertTrue(r.contains("--backend cuda"), r);
        assertFalse(r.contains("\n"));
    }

    @Test
    void missingRuntimeLibrariesAreListed() {
        Set<String> absent = Set.of("libcudart.so.11.0", "libcusolver.so.11");
        String r = Nd4jCudaRequirements.unmetReason(name -> !absent.contains(name), () -> 86);
        assertTrue(r.startsWith("nd4j: libcudart.so.11.0, libcusolver.so.11 not found (CUDA 11.6 runtime); "), r);
    }

    @Test
    void gpuGenerationsWithoutKernelsAreRefused() {
        assertNull(Nd4jCudaRequirements.unmetReason(EVERYTHING, () -> 37));
        assertNull(Nd4jCudaRequirements.unmetReason(EVERYTHING, () -> 86));
        assertNull(Nd4jCudaRequirements.unmetReason(EVERYTHING, () -> 89), "sm_86 code runs on later 8.x GPUs");
        String hopper = Nd4jCudaRequirements.unmetReason(EVERYTHING, () -> 90);
        assertTrue(hopper.startsWith("nd4j: the GPU has compute capability 9.0, which ND4J 1.0.0-M2.1 has no kernels for"), hopper);
        assertNotNull(Nd4jCudaRequirements.unmetReason(EVERYTHING, () -> 35));
    }

    @Test
    void noGpuBehindTheDriverIsNamed() {
        String r = Nd4jCudaRequirements.unmetReason(EVERYTHING, () -> {
            throw new GsaException("CUDA: no CUDA-capable GPU was found");
        });
        assertTrue(r.startsWith("nd4j: CUDA: no CUDA-capable GPU was found; "), r);
    }
}
