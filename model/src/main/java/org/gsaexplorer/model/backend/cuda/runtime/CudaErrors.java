package org.gsaexplorer.model.backend.cuda.runtime;

import org.gsaexplorer.model.error.GsaException;

import java.util.Map;

/** Turns status codes of the driver API, NVRTC and cuBLAS into one-line {@link GsaException}s. */
final class CudaErrors {
    private CudaErrors() {
    }

    static final int CUDA_ERROR_OUT_OF_MEMORY = 2;
    static final int CUDA_ERROR_LAUNCH_FAILED = 719;

    private static final Map<Integer, String> DRIVER = Map.ofEntries(
            Map.entry(1, "CUDA_ERROR_INVALID_VALUE"), Map.entry(2, "CUDA_ERROR_OUT_OF_MEMORY"),
            Map.entry(3, "CUDA_ERROR_NOT_INITIALIZED"), Map.entry(4, "CUDA_ERROR_DEINITIALIZED"),
            Map.entry(34, "CUDA_ERROR_STUB_LIBRARY"), Map.entry(35, "CUDA_ERROR_INSUFFICIENT_DRIVER"),
            Map.entry(46, "CUDA_ERROR_DEVICE_UNAVAILABLE"), Map.entry(100, "CUDA_ERROR_NO_DEVICE"),
            Map.entry(101, "CUDA_ERROR_INVALID_DEVICE"), Map.entry(200, "CUDA_ERROR_INVALID_IMAGE"),
            Map.entry(201, "CUDA_ERROR_INVALID_CONTEXT"), Map.entry(209, "CUDA_ERROR_NO_BINARY_FOR_GPU"),
            Map.entry(218, "CUDA_ERROR_INVALID_PTX"), Map.entry(222, "CUDA_ERROR_UNSUPPORTED_PTX_VERSION"),
            Map.entry(400, "CUDA_ERROR_INVALID_HANDLE"), Map.entry(500, "CUDA_ERROR_NOT_FOUND"),
            Map.entry(700, "CUDA_ERROR_ILLEGAL_ADDRESS"), Map.entry(701, "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES"),
            Map.entry(702, "CUDA_ERROR_LAUNCH_TIMEOUT"), Map.entry(719, "CUDA_ERROR_LAUNCH_FAILED"),
            Map.entry(803, "CUDA_ERROR_SYSTEM_DRIVER_MISMATCH"), Map.entry(804, "CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE"),
            Map.entry(900, "CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED"), Map.entry(999, "CUDA_ERROR_UNKNOWN"));

    private static final Map<Integer, String> CUBLAS = Map.of(
            1, "CUBLAS_STATUS_NOT_INITIALIZED", 3, "CUBLAS_STATUS_ALLOC_FAILED", 7, "CUBLAS_STATUS_INVALID_VALUE",
            8, "CUBLAS_STATUS_ARCH_MISMATCH", 11, "CUBLAS_STATUS_MAPPING_ERROR", 13, "CUBLAS_STATUS_EXECUTION_FAILED",
            14, "CUBLAS_STATUS_INTERNAL_ERROR", 15, "CUBLAS_STATUS_NOT_SUPPORTED", 16, "CUBLAS_STATUS_LICENSE_ERROR");

    /** The driver's name for {@code code}, from our table (used when the driver cannot be asked). */
    static String driverName(int code) {
        return DRIVER.getOrDefault(code, "CUDA error " + code);
    }

    /** What the user can do about a driver error, or "" when there is nothing useful to add. */
    static String hint(int code) {
        return switch (code) {
            case 2 -> ": out of GPU memory (close other GPU programs or use a smaller model / dtype)";
            case 3, 4 -> ": the CUDA driver is not initialised";
            case 34 -> ": libcuda.so.1 is the toolkit's stub, not a real driver";
            case 35, 803 -> ": the NVIDIA driver is too old for this CUDA version";
            case 46 -> ": the GPU is busy or in exclusive mode for another process";
            case 100 -> ": no CUDA-capable GPU was found";
            case 209, 222 -> ": the kernels were not built for this GPU";
            case 700, 719 -> ": a kernel failed on the GPU; the CUDA context is unusable until the program restarts";
            default -> "";
        };
    }

    static GsaException driver(String call, int code, String name) {
        return new GsaException("CUDA: " + call + " failed with " + (name != null ? name : driverName(code)) + hint(code));
    }

    static GsaException cublas(String call, int code) {
        String hint = code == 3 ? ": out of GPU memory" : "";
        return new GsaException("cuBLAS: " + call + " failed with " + CUBLAS.getOrDefault(code, "status " + code) + hint);
    }

    static GsaException nvrtc(String call, int code, String text) {
        return new GsaException("NVRTC: " + call + " failed with " + (text != null ? text : "status " + code));
    }

    /** A compiler log of many lines shrunk to its first error line, so the exception stays one line. */
    static String firstError(String log) {
        if (log == null || log.isBlank()) return "no log";
        for (String line : log.lines().toList())
            if (line.contains("error")) return line.strip();
        return log.lines().filter(l -> !l.isBlank()).findFirst().orElse("no log").strip();
    }
}
