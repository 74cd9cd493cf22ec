package org.gsaexplorer.model.backend.cuda.runtime;

import org.gsaexplorer.model.error.GsaException;

import java.lang.foreign.MemorySegment;

/** One GPU and its primary context (shared with cuBLAS, which uses the runtime API). */
public final class CudaDevice {
    private static CudaDevice instance;

    public final Driver driver;
    final int ordinal;
    final MemorySegment context;
    final String name;
    public final String arch;
    public final int smCount;
    /** Thread-block clusters with distributed shared memory (sm_90+). */
    public final boolean clusters;
    /** Shared memory of one SM in bytes (how many GEMV blocks fit per SM). */
    public final int smemPerSm;
    final int driverVersion;

    private CudaDevice(Driver driver, int ordinal) {
        this.driver = driver;
        this.ordinal = ordinal;
        int dev = driver.device(ordinal);
        this.name = driver.deviceName(dev);
        int major = driver.attribute(Driver.ATTR_CC_MAJOR, dev), minor = driver.attribute(Driver.ATTR_CC_MINOR, dev);
        if (major < 7) throw new GsaException("CUDA: " + name + " has compute capability " + major + "." + minor + "; the cuda backend needs 7.0 or newer");
        this.arch = "sm_" + major + minor;
        this.smCount = driver.attribute(Driver.ATTR_SM_COUNT, dev);
        this.clusters = major >= 9;
        this.smemPerSm = driver.attribute(Driver.ATTR_SMEM_PER_SM, dev);
        this.driverVersion = driver.version();
        this.context = driver.primaryContext(dev);
        driver.setCurrent(context);
    }

    /** Device {@code -Dgsa.cuda.device} (default 0), opened once per process. */
    public static synchronized CudaDevice get() {
        if (instance == null) {
            Driver d = Driver.get();
            int count = d.deviceCount();
            if (count == 0) throw new GsaException("CUDA: no CUDA-capable GPU was found");
            int ordinal = Integer.getInteger("gsa.cuda.device", 0);
            if (ordinal < 0 || ordinal >= count)
                throw new GsaException("CUDA: -Dgsa.cuda.device=" + ordinal + " but only devices 0.." + (count - 1) + " exist");
            instance = new CudaDevice(d, ordinal);
        }
        return instance;
    }

    /**
     * Compute capability (major·10 + minor) of device {@code ordinal}, read from the driver without opening a context
     * or asking for this backend's minimum (other GPU libraries have their own); throws a one-line GsaException when
     * there is no driver or no such device.
     */
    public static int computeCapability(int ordinal) {
        Driver d = Driver.get();
        if (ordinal >= d.deviceCount()) throw new GsaException("CUDA: no CUDA-capable GPU was found");
        int dev = d.device(ordinal);
        return 10 * d.attribute(Driver.ATTR_CC_MAJOR, dev) + d.attribute(Driver.ATTR_CC_MINOR, dev);
    }

    /** Makes the context current on the calling thread (sessions may be driven from any one thread). */
    public void makeCurrent() {
        driver.setCurrent(context);
    }

    public String describe() {
        int v = driverVersion;
        return "GPU " + ordinal + ": " + name + " (" + arch + ", " + smCount + " SMs), CUDA driver " + v / 1000 + "." + (v % 1000) / 10;
    }
}
