package org.gsaexplorer.model.backend.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sums of a vector's lanes in one fixed order. {@code reduceLanes(ADD)} leaves the order to the implementation, and the
 * JIT-compiled intrinsic adds in another order than the interpreted code, so the same product rounded differently early
 * in a run than later: a patching rerun then differed from the run it is compared with by ~1e-5. Here the halves are
 * folded onto each other (lane i += lane i + N/2, then N/4, …), elementwise adds that round alike in any mode. Decode
 * (Gemv, SlotStep) and the chunked memory's softmax sum this way; prefill's GEMM tiles keep reduceLanes, where a fold
 * per output cost 40 % of the Rust sample's prefill.
 */
final class Lanes {
    private static final VectorSpecies<Float> F = Widen.F;
    private static final int N = F.length();
    // one constant per fold, so the JIT keeps the shuffles in registers (an array of them made every sum allocate)
    private static final VectorShuffle<Float> BY_8 = rotation(8), BY_4 = rotation(4), BY_2 = rotation(2), BY_1 = rotation(1);

    private Lanes() {
    }

    private static VectorShuffle<Float> rotation(int by) {
        return VectorShuffle.fromOp(F, i -> (i + by) % N);
    }

    /** The sum of all lanes, in the same order whatever runs it (at most 16 float lanes: 512-bit vectors). */
    static float sum(FloatVector v) {
        if (N >= 16) v = v.add(v.rearrange(BY_8));
        if (N >= 8) v = v.add(v.rearrange(BY_4));
        if (N >= 4) v = v.add(v.rearrange(BY_2));
        if (N >= 2) v = v.add(v.rearrange(BY_1));
        return v.lane(0);
    }

    /** The sum of a[off..+N), in two interleaved halves added at the end (a fixed order, nothing written back). */
    static float sum(float[] a, int off) {
        float even = 0f, odd = 0f;
        for (int i = 0; i < N; i += 2) {
            even += a[off + i];
            odd += a[off + i + 1];
        }
        return even + odd;
    }

    /** The sum of the lanes set in {@code in}. */
    static float sum(FloatVector v, VectorMask<Float> in) {
        return sum(FloatVector.zero(F).blend(v, in));
    }
}
