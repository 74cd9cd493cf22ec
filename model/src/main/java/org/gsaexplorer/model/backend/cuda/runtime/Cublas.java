package org.gsaexplorer.model.backend.cuda.runtime;

import org.gsaexplorer.model.error.GsaException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * cuBLAS (libcublas.so.13, else .so.12): the GEMMs of prefill, with fp32 accumulation: GemmEx for projections and
 * GemmStridedBatchedEx for the baselines' attention scores and outputs (one batch entry per KV head). Row-major views
 * are mapped onto cuBLAS's column-major calls as C(n×m)ᵀ, so each method states its operands row-major.
 */
public final class Cublas {
    private static Cublas instance;

    static final int CUDA_R_32F = 0, CUDA_R_16F = 2, CUDA_R_16BF = 14;
    static final int COMPUTE_32F = 68;
    private static final int OP_N = 0, OP_T = 1, GEMM_DEFAULT = -1;

    private final MethodHandle create, destroy, setStream, gemmEx, gemmBatched;

    private Cublas(Native lib) {
        create = lib.status("cublasCreate_v2", ADDRESS);
        destroy = lib.status("cublasDestroy_v2", ADDRESS);
        setStream = lib.status("cublasSetStream_v2", ADDRESS, ADDRESS);
        gemmEx = lib.status("cublasGemmEx", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS,
                ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
        gemmBatched = lib.status("cublasGemmStridedBatchedEx", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS,
                ADDRESS, JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS,
                ADDRESS, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT);
    }

    public static synchronized Cublas get() {
        if (instance == null) {
            Native lib = Native.load(List.of("libcublas.so.13", "libcublas.so.12"));
            if (lib == null)
                throw new GsaException("CUDA: cuBLAS not found (libcublas.so.13 or .so.12; install it or add its folder to LD_LIBRARY_PATH)");
            instance = new Cublas(lib);
        }
        return instance;
    }

    private void run(String what, MethodHandle h, Object... args) {
        int rc;
        try {
            rc = (int) h.invokeWithArguments(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new GsaException("cuBLAS: native call failed (" + t + ")", t);
        }
        if (rc != 0) throw CudaErrors.cublas(what, rc);
    }

    public MemorySegment createHandle(MemorySegment stream) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(ADDRESS);
            run("cublasCreate", create, v);
            MemorySegment h = v.get(ADDRESS, 0);
            run("cublasSetStream", setStream, h, stream);
            return h;
        }
    }

    public void destroyHandle(MemorySegment h) {
        run("cublasDestroy", destroy, h);
    }

    /** The CUDA data type code of a weight dtype code (0 f32, 1 f16, 2 bf16). */
    static int dataType(int dt) {
        return switch (dt) {
            case HostCast.F32 -> CUDA_R_32F;
            case HostCast.F16 -> CUDA_R_16F;
            default -> CUDA_R_16BF;
        };
    }

    /**
     * Y[T, out] (fp32, row-major) = X[T, in]·Wᵀ + beta·Y, with W row-major [out, in] and X row-major [T, in], both of
     * type {@code dt}. In cuBLAS's column-major terms that is Y(out×T) = W(in×out)ᵀ · X(in×T).
     */
    public void linear(MemorySegment handle, long w, long x, long y, int rows, int in, int out, int dt, float beta) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment alpha = a.allocateFrom(JAVA_FLOAT, 1f), b = a.allocateFrom(JAVA_FLOAT, beta);
            int t = dataType(dt);
            run("cublasGemmEx(" + rows + "x" + in + " by " + out + ")", gemmEx, handle, OP_T, OP_N, out, rows, in, alpha,
                    MemorySegment.ofAddress(w), t, in, MemorySegment.ofAddress(x), t, in, b,
                    MemorySegment.ofAddress(y), CUDA_R_32F, out, COMPUTE_32F, GEMM_DEFAULT);
        }
    }

    /**
     * Per batch entry b: S_b[t, n] (fp32, rows of n) = Q_b[t, hd]·K_b[n, hd]ᵀ, where Q_b starts at q + b·qStep elements
     * with rows qLd apart and K_b at k + b·kStep with rows kLd apart; S_b at s + b·t·n.
     */
    public void scores(MemorySegment h, long q, int qLd, long qStep, long k, int kLd, long kStep, long s, int t, int n, int hd, int batch, int dt) {
        int ty = dataType(dt);
        try (Arena a = Arena.ofConfined()) {
            run("cublasGemmStridedBatchedEx(scores " + t + "x" + n + ")", gemmBatched, h, OP_T, OP_N, n, t, hd, a.allocateFrom(JAVA_FLOAT, 1f),
                    MemorySegment.ofAddress(k), ty, kLd, kStep, MemorySegment.ofAddress(q), ty, qLd, qStep,
                    a.allocateFrom(JAVA_FLOAT, 0f), MemorySegment.ofAddress(s), CUDA_R_32F, n, (long) t * n, batch, COMPUTE_32F, GEMM_DEFAULT);
        }
    }

    /**
     * Per batch entry b: O_b[t, hd] (dtype dt, rows oLd apart, at o + b·oStep) = P_b[t, n]·V_b[n, hd], P_b at
     * p + b·t·n, V_b at v + b·vStep with rows vLd apart.
     */
    public void mix(MemorySegment h, long p, long v, int vLd, long vStep, long o, int oLd, long oStep, int t, int n, int hd, int batch, int dt) {
        int ty = dataType(dt);
        try (Arena a = Arena.ofConfined()) {
            run("cublasGemmStridedBatchedEx(mix " + t + "x" + n + ")", gemmBatched, h, OP_N, OP_N, hd, t, n, a.allocateFrom(JAVA_FLOAT, 1f),
                    MemorySegment.ofAddress(v), ty, vLd, vStep, MemorySegment.ofAddress(p), ty, n, (long) t * n,
                    a.allocateFrom(JAVA_FLOAT, 0f), MemorySegment.ofAddress(o), ty, oLd, oStep, batch, COMPUTE_32F, GEMM_DEFAULT);
        }
    }
}
