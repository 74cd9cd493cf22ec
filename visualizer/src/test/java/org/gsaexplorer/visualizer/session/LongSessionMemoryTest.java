package org.gsaexplorer.visualizer.session;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Stepping far past what the history may hold: every snapshot published over 5,000 steps keeps the probe blocks within
 * the budget and the saved states within their count, and going back to an early token still works (its probes are
 * recomputed within the same budget). {@code LongSessionBench} measures the heap over 100k tokens.
 */
class LongSessionMemoryTest {
    static final long BLOCK_BYTES = 4L * ProbeStore.BLOCK * 2 * 64 * (4 * 2 + 2 * 2); // sample: 2 layers, 2+2 heads, 64 slots
    static final long BUDGET = 6 * BLOCK_BYTES;
    static final int MAX_STATES = 4, STEPS = 5_000;

    @Test
    void historyNeverExceedsItsBudgetOver5000Steps() {
        AtomicLong maxProbeBytes = new AtomicLong();
        AtomicInteger maxStates = new AtomicInteger(), snapshots = new AtomicInteger();
        try (ExplorerViewModel vm = new ExplorerViewModel(new ExplorerViewModel.Options(BUDGET, MAX_STATES))) {
            vm.addListener(s -> {
                snapshots.incrementAndGet();
                maxProbeBytes.accumulateAndGet(s.memory().probeBytes(), Math::max);
                maxStates.accumulateAndGet(s.memory().states(), Math::max);
            });
            vm.open(ExplorerViewModelTest.SAMPLE, "reference", MqarPrompt.generate(8, 8, 1).text(), -1).join();
            CompletableFuture<Void> last = null;
            for (int i = 0; i < STEPS; i++) last = vm.step();
            last.join();
            vm.idle().join();
            ExplorerSnapshot s = vm.snapshot();
            assertNull(s.error());
            assertEquals(32 + STEPS, s.computed());
            assertTrue(snapshots.get() >= STEPS, snapshots.get() + " snapshots");
            assertEquals(BUDGET, s.memory().probeBudgetBytes());
            assertEquals(BUDGET, maxProbeBytes.get(), "the budget filled and was never passed");
            assertTrue(maxStates.get() <= MAX_STATES, maxStates.get() + " states");
            // the spacing widened so that MAX_STATES saved states still cover the whole sequence
            assertTrue(s.memory().stateSpacing() * (MAX_STATES + 1) > s.computed(), "spacing " + s.memory().stateSpacing());

            vm.jump(100).join();
            vm.idle().join();
            s = vm.snapshot();
            assertTrue(s.main().probes().hasAll(Math.max(0, 100 - s.selection().window()), 100), "early probes recomputed");
            assertEquals(100, s.state().position());
            assertTrue(maxProbeBytes.get() <= BUDGET && s.memory().probeBytes() <= BUDGET);
        }
    }
}
