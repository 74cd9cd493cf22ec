package org.gsaexplorer.bench.cuda;

import org.gsaexplorer.model.backend.cuda.KernelProgramCheck;
import org.gsaexplorer.model.backend.cuda.runtime.CudaModule;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The baselines' kernel program, assembled as BaselineKernels does it (no GPU needed). */
class BaselineSourceTest {
    @Test
    void everyConstantTheKernelsUseIsDeclaredOnce() {
        String src = CudaModule.source(BaselineKernels.class, List.of("baselines.cu"));
        assertTrue(src.contains("bl_gemv_bf16") && src.contains("fill_uniform"), "common.cu, then baselines.cu");
        // gemv's template parameter
        KernelProgramCheck.check(src, CudaModule.programDefines(List.of()), Set.of("DT"));
    }
}
