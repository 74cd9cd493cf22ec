package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.Backend;
import org.gsaexplorer.model.FixtureParityTests;

/** The GPU engine (fp32 weights) against FLA's fixture, with the CPU backends' assertions and bounds. */
@RequiresGpu
class CudaFixtureParityTest extends FixtureParityTests {
    @Override
    protected Backend backend() {
        return new CudaBackend();
    }

    @Override
    protected boolean runsHere() {
        return RequiresGpu.Condition.available();
    }
}
