package org.gsaexplorer.model.weights;

import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.LayerProbe;
import org.gsaexplorer.model.probe.NumericGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** NaN/Inf in stored weights (WeightScan) and in a forward's activations (NumericGuard) are found and named. */
class NonFiniteTest {
    @TempDir
    Path tmp;

    @Test
    void weightScanFindsNonFiniteValuesInEveryDtypeButNotLargeFiniteOnes() throws IOException {
        float[] finite = {0f, -0f, 1e-8f, 65504f, -65504f, 3.3e38f, Float.MIN_VALUE};
        float[] bad = {1f, 2f, 3f, 4f, 5f, Float.NaN};
        SafeTensorsWriter w = new SafeTensorsWriter();
        for (DType d : DType.values()) {
            w.put("finite_" + d, d, d == DType.F16 ? new float[]{0f, -0f, 65504f, -65504f, 6e-8f} : finite, d == DType.F16 ? 5 : finite.length);
            w.put("nan_" + d, d, bad, 2, 3);
            w.put("neginf_" + d, d, new float[]{0f, Float.NEGATIVE_INFINITY}, 2);
            float[] late = new float[37]; // found inside the word-at-a-time part, not the element-wise tail
            late[21] = Float.POSITIVE_INFINITY;
            w.put("late_" + d, d, late, 37);
        }
        Path file = tmp.resolve("w.safetensors");
        try (OutputStream out = Files.newOutputStream(file)) {
            w.write(out);
        }
        try (SafeTensorsFile f = SafeTensorsFile.open(file)) {
            for (DType d : DType.values()) {
                assertEquals(-1, WeightScan.firstNonFinite(f.tensors().get("finite_" + d)), d.name());
                assertEquals(5, WeightScan.firstNonFinite(f.tensors().get("nan_" + d)), d.name());
                assertEquals(1, WeightScan.firstNonFinite(f.tensors().get("neginf_" + d)), d.name());
                assertEquals(21, WeightScan.firstNonFinite(f.tensors().get("late_" + d)), d.name());
            }
            GsaException e = assertThrows(GsaException.class, () -> WeightScan.requireFinite(tmp, f.tensors()));
            assertEquals(tmp + ": tensor 'late_BF16' holds a non-finite value (+Inf) at index [21]; "
                    + "the checkpoint is corrupt or was saved after training diverged", e.getMessage());
        }
    }

    @Test
    void checkpointWithAnInfWeightIsRefusedAtOpen() throws IOException {
        Map<String, float[]> w = MalformedCorpus.weights();
        w.get("lm_head.weight")[2 * 8 + 7] = Float.NEGATIVE_INFINITY;
        Files.writeString(tmp.resolve("config.json"), MalformedCorpus.config().toString());
        Files.write(tmp.resolve("model.safetensors"), MalformedCorpus.safetensors(w));
        GsaException e = assertThrows(GsaException.class, () -> Checkpoint.open(tmp).close());
        assertEquals(tmp + ": tensor 'lm_head.weight' holds a non-finite value (-Inf) at index [2, 7]; "
                + "the checkpoint is corrupt or was saved after training diverged", e.getMessage());
    }

    /** Three tokens from position 15; layer 0 has 1 kv head and 2 query heads, 6 slots; layer 1 likewise. */
    private static ForwardResult result(LayerProbe l0, LayerProbe l1, float[] logits) {
        return new ForwardResult(new int[]{4, 5, 6}, 15, 4, logits, Map.of(0, l0, 1, l1));
    }

    @Test
    void numericGuardNamesTheFirstNonFiniteValueByTokenThenLayer() {
        LayerProbe l0 = LayerProbe.allocate(0, 3, 1, 2, 6), l1 = LayerProbe.allocate(1, 3, 1, 2, 6);
        float[] logits = new float[3 * 4];
        ForwardResult r = result(l0, l1, logits);
        assertDoesNotThrow(() -> NumericGuard.check(r));

        logits[2 * 4 + 3] = Float.POSITIVE_INFINITY;
        assertEquals("non-finite value (+Inf) in logits at token 17, token id 3",
                assertThrows(GsaException.class, () -> NumericGuard.check(r)).getMessage());

        l1.readout()[l1.qIndex(2, 0, 5)] = Float.NaN;
        assertEquals("non-finite value (NaN) in layer 1 readout at token 17, head 0, slot 5",
                assertThrows(GsaException.class, () -> NumericGuard.check(r)).getMessage());

        l0.valueNorm()[l0.kvIndex(2, 0, 1)] = Float.NEGATIVE_INFINITY; // same token, lower layer: reported first
        assertEquals("non-finite value (-Inf) in layer 0 value_norm at token 17, kv head 0, slot 1",
                assertThrows(GsaException.class, () -> NumericGuard.check(r)).getMessage());

        l1.alpha()[l1.kvIndex(1, 0, 0)] = Float.NaN; // earlier token, higher layer: reported first
        assertEquals("non-finite value (NaN) in layer 1 alpha at token 16, kv head 0, slot 0",
                assertThrows(GsaException.class, () -> NumericGuard.check(r)).getMessage());
    }
}
