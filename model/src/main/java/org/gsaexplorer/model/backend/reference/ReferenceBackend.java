package org.gsaexplorer.model.backend.reference;

import org.gsaexplorer.model.Backend;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.backend.CpuWeights;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.weights.Checkpoint;

/**
 * The plain-Java implementation of the GSA forward pass, written to read like the equations. It is the yardstick the
 * optimised backends are tested against, and is fast enough for the small sample models.
 */
public final class ReferenceBackend implements Backend {
    @Override
    public String name() {
        return "reference";
    }

    @Override
    public String device() {
        return "CPU, plain Java reference (1 thread)";
    }

    @Override
    public LoadedModel load(Checkpoint checkpoint) {
        CpuWeights w = new CpuWeights(checkpoint);
        Backend self = this;
        return new LoadedModel() {
            @Override public GsaConfig config() { return w.config; }
            @Override public Backend backend() { return self; }
            @Override public GsaSession newSession() { return new ReferenceSession(w, name(), ReferenceSession.CHUNKED); }
            @Override public void close() { }
        };
    }
}
