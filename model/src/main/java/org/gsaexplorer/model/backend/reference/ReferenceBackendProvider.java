package org.gsaexplorer.model.backend.reference;

import org.gsaexplorer.model.Backend;
import org.gsaexplorer.model.backend.BackendProvider;

public final class ReferenceBackendProvider implements BackendProvider {
    @Override public String name() { return "reference"; }
    @Override public int priority() { return 100; }
    @Override public Backend create() { return new ReferenceBackend(); }
}
