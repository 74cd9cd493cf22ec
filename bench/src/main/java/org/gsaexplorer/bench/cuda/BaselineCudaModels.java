package org.gsaexplorer.bench.cuda;

import org.gsaexplorer.bench.baseline.GlaConfig;
import org.gsaexplorer.bench.baseline.TransformerConfig;
import org.gsaexplorer.bench.sequence.SequenceModel;
import org.gsaexplorer.model.backend.cuda.CudaBackend;
import org.gsaexplorer.model.backend.cuda.runtime.CudaDevice;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.weights.Checkpoint;
import org.gsaexplorer.model.weights.DType;

import java.util.Map;

/**
 * The throughput bench's models on the GPU: GSA through the cuda backend and the Transformer++ and GLA baselines, all
 * driven through {@link SequenceModel}. Every factory opens the GPU first and throws a one-line GsaException without one.
 */
public final class BaselineCudaModels {
    private BaselineCudaModels() {
    }

    /** Null when a GPU can be used, else why not. */
    public static String unavailableReason() {
        return CudaBackend.unavailableReason();
    }

    public static String device() {
        return CudaDevice.get().describe();
    }

    /** Device-to-device copy bandwidth in GB/s (bytes read plus written), one measurement of ten 1 GB copies. */
    public static double copyGBps() {
        CudaDevice dev = CudaDevice.get();
        dev.makeCurrent();
        return CudaBench.copyBandwidth(dev.driver);
    }

    public static SequenceModel gsa(GsaConfig config, DType dtype, long seed) {
        return new BaselineGsaCuda(new CudaBackend().loadRandom(config, dtype, seed));
    }

    public static SequenceModel gsa(Checkpoint checkpoint, DType dtype) {
        return new BaselineGsaCuda(new CudaBackend().load(checkpoint, dtype));
    }

    public static SequenceModel transformer(TransformerConfig config, DType dtype, long seed) {
        new CudaBackend();
        return new BaselineTransformerCuda(CudaDevice.get(), config, dtype, seed, null);
    }

    /**
     * With the given fp32 weights (cast to {@code dtype}): "embeddings", "lm_head", "final_norm" and per layer L
     * "L.attn_norm", "L.qkv" (q, k, v rows stacked), "L.o", "L.mlp_norm", "L.gate_up" (gate rows, then up), "L.down".
     */
    public static SequenceModel transformer(TransformerConfig config, DType dtype, Map<String, float[]> weights) {
        new CudaBackend();
        return new BaselineTransformerCuda(CudaDevice.get(), config, dtype, 0, weights);
    }

    public static SequenceModel gla(GlaConfig config, DType dtype, long seed) {
        new CudaBackend();
        return new BaselineGlaCuda(CudaDevice.get(), config, dtype, seed, null);
    }

    /**
     * With the given fp32 weights: as for {@link #transformer(TransformerConfig, DType, Map)}, but "L.proj" stacks q, k,
     * v, the gate's low-rank down projection and the output gate; plus "L.gate_up_lr" [key dim, rank], "L.gate_bias"
     * and "L.g_norm".
     */
    public static SequenceModel gla(GlaConfig config, DType dtype, Map<String, float[]> weights) {
        new CudaBackend();
        return new BaselineGlaCuda(CudaDevice.get(), config, dtype, 0, weights);
    }
}
