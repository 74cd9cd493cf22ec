package org.gsaexplorer.model;

import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.LayerProbe;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The batch row layout: packing sequences into rows and splitting results back, probes included. */
class BatchRowsTest {
    @Test
    void rowsAreSequenceAfterSequence() {
        int[][] ids = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}};
        assertEquals(4, BatchRows.length(ids, 3));
        assertArrayEquals(new int[]{2, 3, 6, 7, 10, 11}, BatchRows.rows(ids, 1, 3));
        assertArrayEquals(new int[][]{{4}, {8}}, BatchRows.column(new int[]{4, 8}));
    }

    @Test
    void raggedWrongSizedAndOversizedBatchesAreRefused() {
        GsaException e = assertThrows(GsaException.class, () -> BatchRows.length(new int[][]{{1, 2}, {3}}, 2));
        assertEquals("batched sequences must take the same number of tokens: sequence 0 has 2, sequence 1 has 1", e.getMessage());
        e = assertThrows(GsaException.class, () -> BatchRows.length(new int[][]{{1}}, 2));
        assertEquals("a batch of 2 sequences was given 1", e.getMessage());
        assertThrows(GsaException.class, () -> BatchRows.checkSize(0));
        assertThrows(GsaException.class, () -> BatchRows.checkSize(BatchedSession.MAX_SIZE + 1));
        BatchRows.checkSize(BatchedSession.MAX_SIZE);
    }

    /** Row r of every array holds the value r, so each split part must hold its own sequence's rows only. */
    @Test
    void splitGivesEachSequenceItsRowsAndProbes() {
        int batch = 3, t = 2, n = batch * t, vocab = 5, kv = 2, q = 4, m = 3;
        float[] logits = new float[n * vocab];
        for (int i = 0; i < logits.length; i++) logits[i] = i / vocab;
        LayerProbe p = LayerProbe.allocate(1, n, kv, q, m);
        for (int r = 0; r < n; r++)
            for (float[] a : new float[][]{p.alpha(), p.write(), p.keyNorm(), p.valueNorm(), p.readout(), p.readoutLogits()}) {
                int per = a.length / n;
                java.util.Arrays.fill(a, r * per, (r + 1) * per, r);
            }
        ForwardResult rows = new ForwardResult(new int[]{10, 11, 20, 21, 30, 31}, 7, vocab, logits, Map.of(1, p));
        List<ForwardResult> parts = BatchRows.split(rows, batch, 7);
        assertEquals(batch, parts.size());
        for (int b = 0; b < batch; b++) {
            ForwardResult r = parts.get(b);
            assertArrayEquals(new int[]{10 * (b + 1), 10 * (b + 1) + 1}, r.ids());
            assertEquals(7, r.startPosition());
            for (int i = 0; i < t; i++) assertEquals(b * t + i, r.logitsAt(i)[vocab - 1]);
            LayerProbe lp = r.probes().get(1);
            assertEquals(t, lp.tokens());
            for (int i = 0; i < t; i++) {
                assertEquals(b * t + i, lp.alpha()[lp.kvIndex(i, kv - 1, m - 1)]);
                assertEquals(b * t + i, lp.valueNorm()[lp.kvIndex(i, 0, 0)]);
                assertEquals(b * t + i, lp.readoutLogits()[lp.qIndex(i, q - 1, m - 1)]);
            }
        }
        List<ForwardResult> joined = BatchRows.concat(List.of(parts, parts));
        assertArrayEquals(new int[]{20, 21, 20, 21}, joined.get(1).ids());
        assertEquals(4, joined.get(2).probes().get(1).tokens());
        assertThrows(IllegalArgumentException.class, () -> BatchRows.split(rows, 4, 0));
    }
}
