package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.Backend;
import org.gsaexplorer.model.backend.BackendProvider;

public final class CudaBackendProvider implements BackendProvider {
    @Override public String name() { return "cuda"; }
    @Override public int priority() { return 10; }
    @Override public String unavailableReason() { return CudaBackend.unavailableReason(); }
    @Override public Backend create() { return new CudaBackend(); }
}
