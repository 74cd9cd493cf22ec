package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.Backend;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.backend.cuda.runtime.CudaDevice;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.weights.Checkpoint;
import org.gsaexplorer.model.weights.DType;

import java.lang.foreign.MemorySegment;

/** Weights on the GPU plus the kernels compiled for this model's head shape; sessions share both. */
public final class CudaModel implements LoadedModel {
    final CudaBackend backend;
    final CudaDevice dev;
    final GsaConfig config;
    final Kernels kernels;
    final DeviceWeights weights;

    CudaModel(CudaBackend backend, CudaDevice dev, GsaConfig c, DType dtype, Checkpoint ckpt, long seed) {
        this.backend = backend;
        this.dev = dev;
        this.config = c;
        check(c);
        this.kernels = new Kernels(dev, c);
        if (ckpt != null) {
            this.weights = DeviceWeights.upload(dev.driver, ckpt, dtype);
        } else {
            MemorySegment stream = dev.driver.createStream();
            try {
                this.weights = DeviceWeights.random(dev.driver, kernels, stream, c, dtype == null ? DType.BF16 : dtype, seed);
            } finally {
                dev.driver.destroyStream(stream);
            }
        }
    }

    /** Shapes the kernels cannot hold (they keep slot state in registers and shared memory). */
    private static void check(GsaConfig c) {
        int g = c.groups();
        if (c.numSlots() * (g + 2) > Kernels.SCAN_TILE_FLOATS)
            throw new GsaException("cuda backend: num_slots " + c.numSlots() + " with " + g + " query heads per kv head is too large for the slot kernels");
        if (c.useShortConv() && c.convSize() > Kernels.MAX_CONV_WIDTH)
            throw new GsaException("cuda backend: conv_size " + c.convSize() + " is above the supported " + Kernels.MAX_CONV_WIDTH);
        if (c.headKDim() > 1024 || c.headVDim() > 1024)
            throw new GsaException("cuda backend: head dims above 1024 are not supported");
        if (c.hiddenSize() > 12288)
            throw new GsaException("cuda backend: hidden_size above 12288 is not supported");
    }

    /** The GPU the model lives on. */
    public CudaDevice device() {
        return dev;
    }

    /** Bytes of all weight matrices on the device (the LM head once when tied). */
    public long weightBytes() {
        return weights.totalBytes();
    }

    /** Bytes of the matrices one decode step streams (all layers' projections and the LM head). */
    public long matrixBytesPerToken() {
        return weights.matrixBytesPerToken;
    }

    public DType dtype() {
        return weights.dtype;
    }

    @Override
    public GsaConfig config() {
        return config;
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public CudaSession newSession() {
        dev.makeCurrent();
        return new CudaSession(this);
    }

    /** {@code size} sequences run as one batch on the GPU. */
    @Override
    public CudaBatchSession newBatch(int size) {
        dev.makeCurrent();
        return new CudaBatchSession(this, size);
    }

    /** The GPU runs a batch's sequences as one. */
    @Override
    public boolean batchesAsOne() {
        return true;
    }

    @Override
    public void close() {
        dev.makeCurrent();
        weights.close();
    }
}
