package org.gsaexplorer.model.backend.cuda;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The program the GSA kernels are compiled from, assembled as the backend does it (no GPU needed). */
class KernelSourceTest {
    @Test
    void kernelSourceIsOnTheClasspath() {
        String src = Kernels.source();
        for (String k : List.of("key_scan", "value_scan", "embed_token", "prep", "gemv_bf16_10", "gemv_ref", "fill_uniform"))
            assertTrue(src.contains(" " + k + "(") || src.contains("GEMV(" + k + ","), k);
    }
}
