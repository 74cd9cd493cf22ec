package org.gsaexplorer.bench.baseline;

import org.gsaexplorer.model.ops.Activations;
import org.gsaexplorer.model.ops.Linear;

/** The SwiGLU MLP all three architectures share: down(silu(gate·x) ⊙ up·x), weights [I, D], [I, D], [D, I]. */
record SwiGluMlp(int hidden, int inter, float[] gate, float[] up, float[] down) {

    static SwiGluMlp random(int hidden, int inter, RandomWeights r) {
        return new SwiGluMlp(hidden, inter, r.matrix(inter, hidden), r.matrix(inter, hidden), r.matrix(hidden, inter));
    }

    float[] forward(float[] h, int rows) {
        float[] g = Linear.matmul(h, rows, hidden, gate, inter);
        float[] u = Linear.matmul(h, rows, hidden, up, inter);
        for (int i = 0; i < g.length; i++) g[i] = Activations.silu(g[i]) * u[i];
        return Linear.matmul(g, rows, inter, down, hidden);
    }

    long parameters() {
        return 3L * hidden * inter;
    }
}
