package org.gsaexplorer.model.io;

import java.util.Arrays;

/** An n-dimensional array as numpy's .npy holds it: C order, data widened to double (float32/64, int32/64, bool). */
public record NpyArray(String descr, int[] shape, double[] data) {

    public static NpyArray float32(float[] data, int... shape) {
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) d[i] = data[i];
        return new NpyArray("<f4", shape, check(d, shape));
    }

    public static NpyArray int64(int[] data, int... shape) {
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) d[i] = data[i];
        return new NpyArray("<i8", shape, check(d, shape));
    }

    private static double[] check(double[] d, int[] shape) {
        long n = 1;
        for (int s : shape) n *= s;
        if (n != d.length) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + d.length);
        return d;
    }

    public int size() {
        return data.length;
    }

    public float[] toFloats() {
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) data[i];
        return f;
    }

    public int[] toInts() {
        int[] f = new int[data.length];
        for (int i = 0; i < f.length; i++) f[i] = (int) data[i];
        return f;
    }

    /** Flat index of a C-order position. */
    public int index(int... pos) {
        int idx = 0;
        for (int i = 0; i < shape.length; i++) idx = idx * shape[i] + pos[i];
        return idx;
    }

    public double get(int... pos) {
        return data[index(pos)];
    }
}
