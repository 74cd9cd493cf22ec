package org.gsaexplorer.model.ops;

/**
 * A weight matrix W [rows, cols] stored row-major as in PyTorch, whatever holds it (a Java array, mapped checkpoint
 * bytes), with the two things a forward pass asks of it: y = x·Wᵀ over token rows, and one row (an embedding lookup).
 */
public interface Matrix {
    int rows();

    int cols();

    /** Y[n, rows] = X[n, cols]·Wᵀ into a new array. */
    float[] times(float[] x, int n);

    /** Copies row {@code r} as fp32 into {@code dst} at {@code off}. */
    void row(int r, float[] dst, int off);

    /** The whole matrix as fp32 (the array itself where the matrix already is one). */
    float[] values();
}
