package org.gsaexplorer.model.backend.vector;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** VectorExp against Math.exp over the range a softmax feeds it, and at its edges. */
class VectorExpTest {
    @Test
    void withinTwoUlpOfMathExpFromMinus87To88() {
        int n = Widen.F.length();
        float[] x = new float[n], y = new float[n];
        float worst = 0;
        for (float from = -87f; from < 88f; from += n * 0.0007f) {
            for (int i = 0; i < n; i++) x[i] = from + i * 0.0007f;
            VectorExp.exp(FloatVector.fromArray(Widen.F, x, 0)).intoArray(y, 0);
            for (int i = 0; i < n; i++) {
                float want = (float) Math.exp(x[i]);
                worst = Math.max(worst, Math.abs(y[i] - want) / Math.ulp(want));
            }
        }
        assertTrue(worst <= 2, "worst error " + worst + " ulp");
    }

    @Test
    void edges() {
        int n = Widen.F.length();
        float[] x = new float[n], y = new float[n];
        java.util.Arrays.fill(x, 0f);
        x[0] = Float.NaN;
        if (n > 1) x[1] = Float.NEGATIVE_INFINITY;
        VectorExp.exp(FloatVector.fromArray(Widen.F, x, 0)).intoArray(y, 0);
        assertTrue(Float.isNaN(y[0]), "NaN stays NaN");
        if (n > 1) assertTrue(y[1] >= 0 && y[1] < 2e-38f, "−∞ gives (nearly) 0: " + y[1]);
        if (n > 2) assertEquals(1f, y[2], "e^0 = 1 exactly");
    }
}
