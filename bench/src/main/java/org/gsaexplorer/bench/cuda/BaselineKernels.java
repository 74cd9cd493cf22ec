package org.gsaexplorer.bench.cuda;

import org.gsaexplorer.model.backend.cuda.runtime.CudaDevice;
import org.gsaexplorer.model.backend.cuda.runtime.CudaModule;

import java.util.List;

/** baselines.cu (the Transformer++ and GLA kernels of the bench; shapes are arguments) compiled once per process. */
final class BaselineKernels extends CudaModule {
    private static BaselineKernels instance;

    private BaselineKernels(CudaDevice dev) {
        super(dev, BaselineKernels.class, List.of("baselines.cu"), List.of());
    }

    static synchronized BaselineKernels get() {
        if (instance == null) instance = new BaselineKernels(CudaDevice.get());
        return instance;
    }
}
