package org.gsaexplorer.bench.baseline;

/**
 * GLA's gated linear attention for one layer, per head: S_t = diag(α_t)·S_{t−1} + k_tᵀ·v_t and o_t = q_t·S_t, with
 * log α = g ≤ 0 per key dimension. Two forms computing the same function: {@link #recurrent} token by token, and
 * {@link #chunked}, which within a chunk uses the cumulative log-decays b and touches the state once per chunk:
 * o_s = (q_s ⊙ e^{b_s})·S₀ + Σ_{r≤s} (q_s ⊙ e^{b_s − b_r})·k_r · v_r and S = e^{b_n} ⊙ S₀ + Σ_r (k_r ⊙ e^{b_n − b_r})ᵀ·v_r.
 * Exponents are differences b_s − b_r ≤ 0, so nothing overflows. Layout: q, k, g [T][H·dk]; v, o [T][H·dv]; S [H][dk][dv].
 */
public final class GlaKernels {
    private GlaKernels() {
    }

    public static void recurrent(float[] q, float[] k, float[] v, float[] g, int t, int heads, int dk, int dv, float[] state, float[] o) {
        for (int s = 0; s < t; s++)
            for (int h = 0; h < heads; h++) {
                int kIn = (s * heads + h) * dk, vIn = (s * heads + h) * dv, so = h * dk * dv;
                for (int i = 0; i < dk; i++) {
                    float a = (float) Math.exp(g[kIn + i]), ki = k[kIn + i];
                    int row = so + i * dv;
                    for (int j = 0; j < dv; j++) state[row + j] = a * state[row + j] + ki * v[vIn + j];
                }
                for (int j = 0; j < dv; j++) o[vIn + j] = 0f;
                for (int i = 0; i < dk; i++) {
                    float qi = q[kIn + i];
                    int row = so + i * dv;
                    for (int j = 0; j < dv; j++) o[vIn + j] += qi * state[row + j];
                }
            }
    }

    public static void chunked(float[] q, float[] k, float[] v, float[] g, int t, int heads, int dk, int dv, float[] state, float[] o, int chunk) {
        float[] b = new float[chunk * dk];
        float[] next = new float[dk * dv];
        for (int c0 = 0; c0 < t; c0 += chunk) {
            int n = Math.min(chunk, t - c0);
            for (int h = 0; h < heads; h++) {
                int so = h * dk * dv;
                for (int s = 0; s < n; s++) {
                    int gi = ((c0 + s) * heads + h) * dk;
                    for (int i = 0; i < dk; i++) b[s * dk + i] = (s == 0 ? 0f : b[(s - 1) * dk + i]) + g[gi + i];
                }
                for (int s = 0; s < n; s++) {
                    int qIn = ((c0 + s) * heads + h) * dk, oOut = ((c0 + s) * heads + h) * dv;
                    for (int j = 0; j < dv; j++) o[oOut + j] = 0f;
                    for (int i = 0; i < dk; i++) {
                        float qi = q[qIn + i] * (float) Math.exp(b[s * dk + i]);
                        int row = so + i * dv;
                        for (int j = 0; j < dv; j++) o[oOut + j] += qi * state[row + j];
                    }
                    for (int r = 0; r <= s; r++) {
                        int kIn = ((c0 + r) * heads + h) * dk, vIn = ((c0 + r) * heads + h) * dv;
                        float a = 0f;
                        for (int i = 0; i < dk; i++) a += q[qIn + i] * k[kIn + i] * (float) Math.exp(b[s * dk + i] - b[r * dk + i]);
                        for (int j = 0; j < dv; j++) o[oOut + j] += a * v[vIn + j];
                    }
                }
                int last = (n - 1) * dk;
                for (int i = 0; i < dk; i++) {
                    float decay = (float) Math.exp(b[last + i]);
                    int row = so + i * dv;
                    for (int j = 0; j < dv; j++) next[i * dv + j] = decay * state[row + j];
                }
                for (int r = 0; r < n; r++) {
                    int kIn = ((c0 + r) * heads + h) * dk, vIn = ((c0 + r) * heads + h) * dv;
                    for (int i = 0; i < dk; i++) {
                        float ki = k[kIn + i] * (float) Math.exp(b[last + i] - b[r * dk + i]);
                        for (int j = 0; j < dv; j++) next[i * dv + j] += ki * v[vIn + j];
                    }
                }
                System.arraycopy(next, 0, state, so, next.length);
            }
        }
    }
}
