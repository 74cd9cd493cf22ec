package org.gsaexplorer.model.backend.nd4j;

import org.gsaexplorer.model.Backend;
import org.gsaexplorer.model.FixtureParityTests;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The nd4j backend against FLA's dev fixture. */
class Nd4jParityTest extends FixtureParityTests {
    @Override
    protected Backend backend() {
        return new Nd4jBackend();
    }

    @Test
    void deviceDescribesNd4j() {
        String d = new Nd4jBackend().device();
        assertTrue(d.startsWith("CPU, ND4J native ("), d);
    }
}
