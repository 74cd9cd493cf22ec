package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.backend.cuda.runtime.CudaModule;
import org.gsaexplorer.model.config.FeatureMap;
import org.gsaexplorer.model.config.GsaConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The program the GSA kernels are compiled from, assembled as the backend does it (no GPU needed). */
class KernelSourceTest {
    @Test
    void kernelSourceIsOnTheClasspath() {
        String src = Kernels.source();
        for (String k : List.of("key_scan", "value_scan", "embed_token", "prep", "gemv_bf16_10", "gemv_ref", "fill_uniform", "state_patch"))
            assertTrue(src.contains(" " + k + "(") || src.contains("GEMV(" + k + ","), k);
    }

    @Test
    void everyFamilyFollowsThePreludeUnderItsOwnName() {
        String src = Kernels.source();
        int at = src.indexOf("fill_uniform"); // common.cu comes first
        for (String file : Kernels.SOURCES) {
            int next = src.indexOf("#line 1 \"" + file + "\"\n");
            assertTrue(next > at, file + " in program order");
            at = next;
        }
    }

    /**
     * For the shapes the tests and the bench use: every upper-case constant in the kernels' code is declared once,
     * in the sources or as one of the host's -D constants, and no -D constant is also declared in the sources.
     */
    @Test
    void everyConstantTheKernelsUseIsDeclaredOnce() {
        for (GsaConfig c : List.of(config(2048, 4, 4, 64), config(256, 4, 2, 32), config(256, 2, 2, 128), config(4096, 32, 8, 64)))
            KernelProgramCheck.check(Kernels.source(), CudaModule.programDefines(Kernels.defines(c)),
                    // template and macro parameters and a local constant of gemv
                    Set.of("DT", "PRE", "POST", "DIM", "PL", "NS", "NM", "EB", "NAME"));
    }

    @Test
    void codesAreDeclaredForEveryReadoutAndFeatureMap() {
        List<String> d = KernelCodes.defines();
        assertTrue(d.containsAll(List.of("-DREADOUT_SOFTMAX=0", "-DREADOUT_SWISH=1", "-DREADOUT_RELU=2", "-DREADOUT_RELU2=3",
                "-DFEATURE_SWISH=0", "-DFEATURE_RELU=1", "-DFEATURE_RELU2=2", "-DFEATURE_IDENTITY=3")), d.toString());
        assertEquals(KernelCodes.feature(FeatureMap.RELU), KernelCodes.feature(FeatureMap.T2R), "t2r's pointwise part is relu");
    }

    private static GsaConfig config(int d, int heads, int kvHeads, int slots) {
        return new GsaConfig(d, 2, heads, kvHeads, slots, 1, 1, FeatureMap.SWISH, 8, false, 4, true, 1e-6, 4 * d, "swish",
                false, 1000, null, 1, 2);
    }
}
