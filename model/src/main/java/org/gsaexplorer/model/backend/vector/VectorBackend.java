package org.gsaexplorer.model.backend.vector;

import org.gsaexplorer.model.Backend;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.backend.CpuWeights;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.weights.Checkpoint;

/**
 * The reference forward pass with its matrices left mapped in the checkpoint's dtype and multiplied by Java Vector API
 * kernels over all cores ({@link MappedMatrix}); prefill runs the slot memory in {@link VectorChunkedMemory} and decode
 * runs the same equations in a shape of its own ({@link VectorSession}). Both compute what the reference does; only
 * the order of the fp32 sums differs.
 */
public final class VectorBackend implements Backend {
    /** Tokens per chunk of the prefill's slot memory (VectorChunkedMemory). */
    public static final int CHUNK = 16;

    private final WorkerPool pool = WorkerPool.shared();
    private final VectorChunkedMemory prefillMemory = new VectorChunkedMemory(pool, CHUNK);

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public String device() {
        return "CPU, Java Vector API (" + Widen.F.vectorBitSize() + "-bit), " + pool.threads() + " threads";
    }

    @Override
    public LoadedModel load(Checkpoint checkpoint) {
        CpuWeights w = new CpuWeights(checkpoint, (t, firstRow, rows) -> new MappedMatrix(t, firstRow, rows, pool));
        Backend self = this;
        return new LoadedModel() {
            @Override public GsaConfig config() { return w.config; }
            @Override public Backend backend() { return self; }
            @Override public GsaSession newSession() { return new VectorSession(w, name(), prefillMemory, pool); }
            @Override public void close() { }
        };
    }
}
