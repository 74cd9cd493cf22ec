package org.gsaexplorer.model.backend.nd4j;

import org.gsaexplorer.model.Backend;
import org.gsaexplorer.model.backend.BackendProvider;

public final class Nd4jBackendProvider implements BackendProvider {
    @Override public String name() { return "nd4j"; }
    @Override public int priority() { return 0; }
    @Override public String unavailableReason() { return Nd4jCudaRequirements.unmetReason(); }
    @Override public Backend create() { return new Nd4jBackend(); }
}
