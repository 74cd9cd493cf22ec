package org.gsaexplorer.model.backend.vector;

import org.gsaexplorer.model.Backend;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.backend.CpuWeights;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.weights.Checkpoint;

/**
 * The reference forward pass with its matrices left mapped in the checkpoint's dtype and multiplied by Java Vector API
 * kernels over all cores ({@link MappedMatrix}); decode runs the same equations in a shape of its own
 * ({@link VectorSession}). Both compute what the reference does; only the order of the fp32 sums differs.
 */
public final class VectorBackend implements Backend {
    /**
     * The chunked form's decay tensor costs an exp per (token, earlier token in the chunk, slot), which on a CPU
     * outweighs the recurrent form's 4·M·(dk + dv) multiply-adds per token and head (JFR on the Rust sample's 1,024-token
     * prefill: 60 % of the time in ChunkedSlotMemory); prefill therefore steps the slot memory token by token.
     */
    static final boolean CHUNKED_PREFILL = false;

    private final WorkerPool pool = WorkerPool.shared();

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
            @Override public GsaSession newSession() { return new VectorSession(w, name(), CHUNKED_PREFILL, pool); }
            @Override public void close() { }
        };
    }
}
