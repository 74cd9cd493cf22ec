package org.gsaexplorer.model;

import org.gsaexplorer.model.backend.reference.ReferenceBackend;

/** The plain-Java reference against FLA's fixture. */
class ReferenceParityTest extends FixtureParityTests {
    @Override
    protected Backend backend() {
        return new ReferenceBackend();
    }
}
