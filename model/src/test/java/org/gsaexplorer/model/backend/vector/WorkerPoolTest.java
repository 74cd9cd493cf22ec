package org.gsaexplorer.model.backend.vector;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every item of a job runs exactly once, in chunks that start on a grain boundary; failures and nested jobs. */
class WorkerPoolTest {
    private final WorkerPool pool = new WorkerPool(3);

    @Test
    void everyItemRunsOnceInChunksOfWholeGrains() {
        for (int n : new int[]{1, 5, 64, 1000, 4097})
            for (int grain : new int[]{1, 4, 7})
                for (int repeat = 0; repeat < 20; repeat++) {
                    AtomicIntegerArray runs = new AtomicIntegerArray(n);
                    int size = n, g = grain;
                    pool.run(n, grain, (from, to) -> {
                        assertTrue(from % g == 0 && from < to && to <= size, "chunk [" + from + ", " + to + ")");
                        for (int i = from; i < to; i++) runs.incrementAndGet(i);
                    });
                    for (int i = 0; i < n; i++) assertEquals(1, runs.get(i), "item " + i + " of " + n + " (grain " + grain + ")");
                }
    }

    @Test
    void aFailingChunkReachesTheCallerAndThePoolKeepsWorking() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> pool.run(100, 1, (from, to) -> {
            if (from <= 97 && 97 < to) throw boom;
        })));
        AtomicIntegerArray runs = new AtomicIntegerArray(100);
        pool.run(100, 1, (from, to) -> {
            for (int i = from; i < to; i++) runs.incrementAndGet(i);
        });
        for (int i = 0; i < 100; i++) assertEquals(1, runs.get(i));
    }

    @Test
    void aJobAskedForFromInsideAJobRunsInline() {
        AtomicIntegerArray runs = new AtomicIntegerArray(64 * 8);
        pool.run(64, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                int outer = i;
                pool.run(8, 1, (f, t) -> {
                    for (int j = f; j < t; j++) runs.incrementAndGet(outer * 8 + j);
                });
            }
        });
        for (int i = 0; i < 64 * 8; i++) assertEquals(1, runs.get(i));
    }
}
