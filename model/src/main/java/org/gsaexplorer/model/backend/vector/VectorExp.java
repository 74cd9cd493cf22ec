package org.gsaexplorer.model.backend.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * e^x a vector at a time from elementwise operations only, so it rounds the same interpreted and JIT-compiled (the
 * Vector API's own EXP does not: its compiled form is another library). Cody–Waite reduction x = n·ln 2 + r with
 * |r| ≤ ln 2 / 2, a degree-6 polynomial for e^r (Cephes' expf coefficients, within 2 ulp of {@link Math#exp}), and
 * 2^n put into the exponent bits. Inputs below −87.3 give e^−87.3 ≈ 1.2e-38 rather than a subnormal or 0 (the softmax
 * it serves adds them to a sum ≥ 1); NaN stays NaN.
 */
final class VectorExp {
    private static final VectorSpecies<Float> F = Widen.F;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final float LOWEST = -87.3f, HIGHEST = 88.3f;
    private static final float LOG2E = 1.44269504088896341f, LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    private static final float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f,
            P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;

    private VectorExp() {
    }

    static FloatVector exp(FloatVector x) {
        x = x.max(LOWEST).min(HIGHEST);
        // n = round(x·log2 e), half away from zero, through the truncating conversion
        FloatVector t = x.mul(LOG2E);
        FloatVector half = FloatVector.broadcast(F, 0.5f).blend(-0.5f, t.compare(VectorOperators.LT, 0f));
        IntVector n = (IntVector) t.add(half).convert(VectorOperators.F2I, 0);
        FloatVector nf = (FloatVector) n.convert(VectorOperators.I2F, 0);
        FloatVector r = x.sub(nf.mul(LN2_HI)).sub(nf.mul(LN2_LO));
        FloatVector p = r.fma(P0, P1);
        p = p.fma(r, FloatVector.broadcast(F, P2));
        p = p.fma(r, FloatVector.broadcast(F, P3));
        p = p.fma(r, FloatVector.broadcast(F, P4));
        p = p.fma(r, FloatVector.broadcast(F, P5));
        p = p.mul(r).mul(r).add(r).add(1f);
        FloatVector twoToN = n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(twoToN);
    }
}
