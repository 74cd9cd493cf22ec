package org.gsaexplorer.bench;

import org.gsaexplorer.model.backend.Backends;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.backend.vector.MappedMatrix;
import org.gsaexplorer.model.backend.vector.VectorBackend;
import org.gsaexplorer.model.backend.vector.VectorChunkedMemory;
import org.gsaexplorer.model.backend.vector.SlotStep;
import org.gsaexplorer.model.backend.vector.WorkerPool;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.weights.DType;
import org.gsaexplorer.model.weights.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import org.gsaexplorer.model.error.GsaException;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The ceilings and kernels measured beside the model runs: the fp32 GEMM rate of the machine's BLAS (ND4J/OpenBLAS over
 * all cores) on the model's own MLP projection ([T, D]·[D, I]ᵀ), and each vector-backend kernel with its ratio to its
 * ceiling: the decode GEMV per weight dtype against the copy bandwidth (a matrix of the model's width, tall enough to
 * leave the caches), the prefill GEMM against the BLAS rate, one token's slot-memory step (decode's two passes) against
 * the copy bandwidth, and the prefill's chunked slot memory against the BLAS rate.
 */
final class KernelRates {
    /** Bytes a GEMV matrix must at least span (fp32 equivalent) so its rows stream from memory, not a cache. */
    private static final long STREAM_BYTES = 256L << 20;

    private KernelRates() {
    }

    /** GFLOP/s of the BLAS sgemm on the model's MLP shape with {@code tokens} rows. */
    static Stats blasGemmGFlops(GsaConfig c, int tokens, int reps) {
        Backends.create("nd4j").close(); // sets the OpenMP wait policy before OpenBLAS starts its threads
        int d = c.hiddenSize(), inter = c.intermediateSize();
        INDArray x = Nd4j.rand(DataType.FLOAT, tokens, d), w = Nd4j.rand(DataType.FLOAT, inter, d);
        INDArray wt = w.transpose(), y = Nd4j.create(DataType.FLOAT, tokens, inter);
        double flop = 2.0 * tokens * d * inter;
        double[] g = new double[reps];
        for (int r = -1; r < reps; r++) {
            long t0 = System.nanoTime();
            x.mmul(wt, y);
            long dt = System.nanoTime() - t0;
            if (r >= 0) g[r] = flop / dt;
        }
        x.close();
        w.close();
        y.close();
        return Stats.of(g);
    }

    static List<BenchReport.KernelPoint> measure(GsaConfig c, int tokens, int reps, Stats copy, Stats gemm) {
        List<BenchReport.KernelPoint> out = new ArrayList<>();
        int d = c.hiddenSize(), inter = c.intermediateSize();
        WorkerPool pool = WorkerPool.shared();
        SplittableRandom random = new SplittableRandom(1);
        try (Arena arena = Arena.ofShared()) {
            int rows = (int) Math.max(inter, STREAM_BYTES / (4L * d));
            for (DType dt : DType.values()) {
                MappedMatrix m = new MappedMatrix(randomTensor(arena, dt, rows, d, random), 0, rows, pool);
                float[] x = randomVector(d, random);
                double[] gbs = new double[reps];
                for (int r = -2; r < reps; r++) {
                    long t0 = System.nanoTime();
                    m.times(x, 1);
                    long ns = System.nanoTime() - t0;
                    if (r >= 0) gbs[r] = (double) m.bytes() / ns;
                }
                Stats s = Stats.of(gbs);
                out.add(new BenchReport.KernelPoint("gemv " + dt.name().toLowerCase(), rows + "x" + d + " x 1 token", s, "GB/s", copy.median(), s.median() / copy.median()));
            }
            MappedMatrix w = new MappedMatrix(randomTensor(arena, DType.F32, inter, d, random), 0, inter, pool);
            float[] x = randomVector(tokens * d, random);
            double[] g = new double[reps];
            for (int r = -1; r < reps; r++) {
                long t0 = System.nanoTime();
                w.times(x, tokens);
                long ns = System.nanoTime() - t0;
                if (r >= 0) g[r] = 2.0 * tokens * d * inter / ns;
            }
            Stats s = Stats.of(g);
            out.add(new BenchReport.KernelPoint("gemm f32", tokens + "x" + d + " x " + inter + "x" + d, s, "GFLOP/s", gemm.median(), s.median() / gemm.median()));
        }
        out.add(slotStep(c, reps, copy, random));
        out.add(slotChunks(c, tokens, reps, gemm, random));
        return out;
    }

    /**
     * One token's slot memory over every layer as the vector backend's decode runs it ({@link SlotStep}: the key pass
     * writing and scoring, the value pass writing and reading, for every kv head and its query heads); state bytes read
     * + written per second.
     */
    private static BenchReport.KernelPoint slotStep(GsaConfig c, int reps, Stats copy, SplittableRandom random) {
        int l = c.numLayers(), hkv = c.numKvHeads(), hq = c.numHeads(), m = c.numSlots(), dk = c.headKDim(), dv = c.headVDim(), g = c.groups();
        float[][] key = new float[l][], value = new float[l][];
        for (int i = 0; i < l; i++) {
            key[i] = randomVector(hkv * m * dk, random);
            value[i] = randomVector(hkv * m * dv, random);
        }
        float[] alpha = randomVector(hkv * m, random), write = randomVector(hkv * m, random), p = randomVector(hq * m, random);
        float[] k = randomVector(hkv * dk, random), v = randomVector(hkv * dv, random), q = randomVector(hq * dk, random);
        float[] z = new float[hq * m], o = new float[hq * dv];
        long stateBytes = 4L * l * hkv * m * (dk + dv);
        int steps = 64;
        double[] gbs = new double[reps];
        for (int r = -3; r < reps; r++) {
            long t0 = System.nanoTime();
            for (int s = 0; s < steps; s++)
                for (int layer = 0; layer < l; layer++)
                    for (int h = 0; h < hkv; h++) {
                        SlotStep.keys(key[layer], h * m * dk, m, dk, alpha, write, h * m, k, h * dk, q, h * g * dk, g, z, h * g * m, null, 0);
                        SlotStep.values(value[layer], h * m * dv, m, dv, alpha, write, h * m, v, h * dv, p, h * g * m, m, g, o, h * g * dv, null, 0);
                    }
            long ns = System.nanoTime() - t0;
            if (r >= 0) gbs[r] = 2.0 * stateBytes * steps / ns;
        }
        Stats s = Stats.of(gbs);
        return new BenchReport.KernelPoint("slot memory step", l + " layers x " + hkv + " kv heads x " + m + " slots, 1 token, 1 thread", s, "GB/s",
                copy.median(), s.median() / copy.median());
    }

    /** The prefill's chunked slot memory over {@code tokens} tokens of every layer; its multiply-adds per second against the GEMM rate. */
    private static BenchReport.KernelPoint slotChunks(GsaConfig c, int tokens, int reps, Stats gemm, SplittableRandom random) {
        int l = c.numLayers(), hkv = c.numKvHeads(), hq = c.numHeads(), m = c.numSlots(), dk = c.headKDim(), dv = c.headVDim();
        VectorChunkedMemory memory = new VectorChunkedMemory(WorkerPool.shared(), VectorBackend.CHUNK);
        float[] q = randomVector(tokens * hq * dk, random), k = randomVector(tokens * hkv * dk, random);
        float[] v = randomVector(tokens * hkv * dv, random), alpha = new float[tokens * hkv * m], write = new float[alpha.length];
        for (int i = 0; i < alpha.length; i++) {
            alpha[i] = (float) random.nextDouble(0.5, 1);
            write[i] = 1 - alpha[i];
        }
        float[] z = new float[tokens * hq * m], p = new float[z.length], o = new float[tokens * hq * dv];
        float[] key = new float[hkv * m * dk], value = new float[hkv * m * dv];
        double flop = l * VectorChunkedMemory.flops(c, tokens, VectorBackend.CHUNK);
        double[] g = new double[reps];
        for (int r = -2; r < reps; r++) {
            long t0 = System.nanoTime();
            for (int layer = 0; layer < l; layer++)
                memory.forward(c, Ablations.NONE, layer, key, value, q, k, v, alpha, write, tokens, z, p, o, null);
            long ns = System.nanoTime() - t0;
            if (r >= 0) g[r] = flop / ns;
        }
        Stats s = Stats.of(g);
        return new BenchReport.KernelPoint("slot memory chunks", l + " layers x " + hkv + " kv heads x " + m + " slots, " + tokens
                + " tokens in " + VectorBackend.CHUNK, s, "GFLOP/s", gemm.median(), s.median() / gemm.median());
    }

    /**
     * Random weights in a mapped temporary file, as a checkpoint's are: the JIT specialises the kernels' memory access
     * to the kind of segment it first sees, and a kernel first run on allocated memory ran the model's mapped weights
     * 40 % slower afterwards (measured: decode 77 → 109 ms/token on gsa-1.3b bf16).
     */
    private static Tensor randomTensor(Arena arena, DType dt, int rows, int cols, SplittableRandom random) {
        long bytes = (long) rows * cols * dt.bytes;
        MemorySegment seg;
        try {
            Path file = Files.createTempFile("gsa-kernel-", ".bin");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE)) {
                ch.truncate(0).write(java.nio.ByteBuffer.allocate(1), bytes - 1); // sizes the file; the mapping stays valid after close
                seg = ch.map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena);
            }
        } catch (IOException e) {
            throw new GsaException("cannot create a temporary file for the kernel bench (" + e.getMessage() + ")");
        }
        for (long i = 0; i < (long) rows * cols; i++) dt.write(seg, i, (float) random.nextDouble(-0.03, 0.03));
        return new Tensor("w", dt, new long[]{rows, cols}, seg);
    }

    private static float[] randomVector(int n, SplittableRandom random) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) random.nextDouble(-1, 1);
        return x;
    }
}
