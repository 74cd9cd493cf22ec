package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.Backend;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.backend.cuda.runtime.Cublas;
import org.gsaexplorer.model.backend.cuda.runtime.CudaDevice;
import org.gsaexplorer.model.backend.cuda.runtime.Nvrtc;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.weights.Checkpoint;
import org.gsaexplorer.model.weights.DType;

/**
 * The native GPU backend: CUDA driver API, NVRTC and cuBLAS through FFM, our own kernels (Kernels). Constructing it opens
 * the GPU; without a usable one (no driver, no device, too old) it throws a one-line {@link GsaException} and callers
 * fall back to a CPU backend.
 */
public final class CudaBackend implements Backend {
    private final CudaDevice device;

    public CudaBackend() {
        this.device = CudaDevice.get();
        Nvrtc.get();
        Cublas.get();
    }

    /** Whether a GPU can be used here, and if not why (for skipping tests, status lines). Null when usable. */
    public static String unavailableReason() {
        try {
            new CudaBackend();
            return null;
        } catch (GsaException e) {
            return e.getMessage();
        }
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public String device() {
        return device.describe();
    }

    @Override
    public LoadedModel load(Checkpoint checkpoint) {
        return load(checkpoint, null);
    }

    /** Loads with the matrices cast to {@code dtype} (null keeps the checkpoint's dtype). */
    public CudaModel load(Checkpoint checkpoint, DType dtype) {
        device.makeCurrent();
        return new CudaModel(this, device, checkpoint.config(), dtype, checkpoint, 0);
    }

    /** A model of shape {@code config} with random weights filled on the GPU, for benchmarks without a checkpoint. */
    public CudaModel loadRandom(GsaConfig config, DType dtype, long seed) {
        device.makeCurrent();
        return new CudaModel(this, device, config, dtype, null, seed);
    }
}
