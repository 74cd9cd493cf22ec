package org.gsaexplorer.model.backend.vector;

import org.gsaexplorer.model.Backend;
import org.gsaexplorer.model.FixtureParityTests;

/** The vector backend against FLA's dev fixture, at the same bounds as reference and nd4j. */
class VectorParityTest extends FixtureParityTests {
    @Override
    protected Backend backend() {
        return new VectorBackend();
    }
}
