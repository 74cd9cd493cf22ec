package org.gsaexplorer.model.backend.nd4j;

import org.gsaexplorer.model.Backend;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.weights.Checkpoint;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Properties;

/**
 * The default CPU engine: ND4J native (BLAS GEMMs, batched matmuls for the chunked slot memory). Each ND4J op costs
 * a fixed 10–20 µs of dispatch on this build, so the batch-1 {@code step} runs only its GEMMs through ND4J and keeps the
 * small per-token work (norms, gates, the slot recurrence) in plain Java loops.
 */
public final class Nd4jBackend implements Backend {
    public Nd4jBackend() {
        String unmet = Nd4jCudaRequirements.unmetReason();
        if (unmet != null) throw new GsaException(unmet);
        MallocTuning.apply();
        OpenMpWaitPolicy.apply();
    }

    @Override
    public String name() {
        return "nd4j";
    }

    @Override
    public String device() {
        Properties p = Nd4j.getExecutioner().getEnvironmentInformation();
        String blas = String.valueOf(p.getOrDefault("blas.vendor", "unknown BLAS"));
        Object threads = p.getOrDefault("omp.threads", p.getOrDefault("cores", "?"));
        return "CPU, ND4J native (" + blas + "), " + threads + " threads";
    }

    @Override
    public LoadedModel load(Checkpoint checkpoint) {
        return new Nd4jModel(this, checkpoint);
    }
}
