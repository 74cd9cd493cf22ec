package org.gsaexplorer.model.backend.vector;

import org.gsaexplorer.model.Backend;
import org.gsaexplorer.model.backend.BackendProvider;

public final class VectorBackendProvider implements BackendProvider {
    @Override public String name() { return "vector"; }
    @Override public int priority() { return 5; }
    @Override public Backend create() { return new VectorBackend(); }
}
