package org.gsaexplorer.model.ops;

/** A weight matrix held as an fp32 array, multiplied with the plain loops of {@link Linear}. */
public record ArrayMatrix(float[] values, int rows, int cols) implements Matrix {
    @Override
    public float[] times(float[] x, int n) {
        return Linear.matmul(x, n, cols, values, rows);
    }

    @Override
    public void row(int r, float[] dst, int off) {
        System.arraycopy(values, r * cols, dst, off, cols);
    }
}
