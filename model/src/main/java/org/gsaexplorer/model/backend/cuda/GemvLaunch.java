package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.backend.cuda.runtime.CudaDevice;
import org.gsaexplorer.model.backend.cuda.runtime.HostCast;
import org.gsaexplorer.model.backend.cuda.runtime.SessionStream;

import java.util.Map;

/**
 * The batch-1 GEMVs of decode (gemv.cu): their launch geometry, sized from the shape compiled into the kernels, and
 * the launch itself, dependent on the previous kernel so that it streams its first weights while that one finishes
 * (the kernel waits for its input).
 */
final class GemvLaunch {
    /** Static shared memory of a GEMV block and what the driver reserves per block, in bytes. */
    private static final int GEMV_STATIC = 384 + 1024;

    private final Kernels k;
    private final SessionStream ss;
    private final CudaDevice dev;
    /** Warps per row by kernel suffix (e.g. {@code _01}), in place of {@link #split}: decode variants for the benchmark. */
    private Map<String, Integer> splits = Map.of();

    GemvLaunch(Kernels k, SessionStream ss) {
        this.k = k;
        this.ss = ss;
        this.dev = ss.dev;
    }

    /**
     * y = W·u for one token through kernel gemv_{name}; {@code extra} appends arguments (prep's, the LM head's).
     */
    void launch(String name, boolean swiglu, long weight, long in, long norm, float eps, long out, int rowsOut, int cols,
                SessionStream.ArgFill extra) {
        int ks = splits.getOrDefault(name.substring(name.indexOf('_')), split(swiglu));
        ss.launch(k, "gemv_" + name, grid(rowsOut, ks, cols, dev), 1, 256, shared(cols), true,
                a -> extra.fill(a.ptr(weight).ptr(in).ptr(norm).f32(eps).ptr(out).i32(rowsOut).i32(cols).i32(ks)));
    }

    /** Replaces the warps per row of the kernels named by suffix in {@code bySuffix}; an empty map restores {@link #split}. */
    void useSplits(Map<String, Integer> bySuffix) {
        splits = Map.copyOf(bySuffix);
    }

    /**
     * Warps per row of the batch-1 GEMV (1, 2, 4 or 8 of a 256-thread block). Measured over the whole decode step on an
     * H100 (gsa-1.3b, 4 blocks of 8 warps per SM): 4 for the SwiGLU GEMV, whose rows are two matrix rows (0.7 % faster
     * than 2, 3 % faster than 1); 1 for the others (qkvf: 1.3 % faster than 2; down, o_proj, lm_head: 1–2 %).
     */
    static int split(boolean swiglu) {
        return swiglu ? 4 : 1;
    }

    /** Dynamic shared memory of a GEMV block: the staged input (cols floats, rounded up to 4) and the weight ring. */
    static int shared(int cols) {
        return 4 * ((cols + 3) & ~3) + Kernels.GEMV_RING;
    }

    /**
     * GEMV blocks: one wave of resident 256-thread blocks striding over the rows, 4 per SM (the kernels' launch bounds)
     * or fewer where their shared memory does not fit four times.
     */
    static int grid(int rows, int ks, int cols, CudaDevice dev) {
        int groups = 8 / ks, perSm = Math.max(1, Math.min(Kernels.GEMV_BLOCKS_PER_SM, dev.smemPerSm / (shared(cols) + GEMV_STATIC)));
        return Math.max(1, Math.min((rows + groups - 1) / groups, perSm * dev.smCount));
    }

    /** The kernels' name suffix for a weight dtype code. */
    static String dtName(int dt) {
        return switch (dt) {
            case HostCast.F32 -> "f32";
            case HostCast.F16 -> "f16";
            default -> "bf16";
        };
    }
}
