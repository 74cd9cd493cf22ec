package org.gsaexplorer.visualizer.session;

import org.gsaexplorer.model.backend.Backends;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Memory running short in the middle of a command: one line, and the session is kept and goes on. */
class OutOfMemoryTest {
    @Test
    void aFailedAllocationIsOneLineAndTheSessionGoesOn() {
        OutOfMemoryError oom = new OutOfMemoryError("Physical memory usage is too high: physicalBytes (19 GB) > maxPhysicalBytes (18 GB)");
        try (ExplorerViewModel vm = new ExplorerViewModel(ExplorerViewModel.Options.defaults(),
                name -> FailingGpuBackend.runningOutOfMemory(Backends.create(name), 3, oom))) {
            vm.open(ExplorerViewModelTest.SAMPLE, "nd4j", ExplorerViewModelTest.PROMPT.text(), -1).join();
            int prompt = vm.snapshot().computed();
            for (int i = 0; i < 2; i++) vm.step().join();
            vm.step().exceptionally(e -> null).join(); // the third step runs out of memory
            vm.idle().join();
            ExplorerSnapshot failed = vm.snapshot();
            assertTrue(failed.error().startsWith("out of memory (Physical memory usage is too high"), failed.error());
            assertEquals(1, failed.error().lines().count());
            assertEquals(prompt + 2, failed.computed(), "the tokens before the failure are kept");
            assertEquals(ExplorerViewModelTest.PROMPT.text(), failed.prompt());
            vm.step().join();
            vm.idle().join();
            assertEquals(prompt + 3, vm.snapshot().computed(), "the next step works");
            assertNotNull(vm.snapshot().model());
            assertTrue(failed.error().endsWith("the session is kept"), failed.error());
        }
    }
}
