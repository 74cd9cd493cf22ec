package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.backend.cuda.runtime.Driver;
import org.gsaexplorer.model.backend.cuda.runtime.KernelArgs;
import org.gsaexplorer.model.config.GsaConfig;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * What a benchmark reaches below {@link org.gsaexplorer.model.GsaSession} on one {@link CudaSession}: the device-side
 * loops that run without host round trips, the decode-step variants, per-kernel profiles and the decode GEMVs timed
 * alone. The session stays owned by the caller.
 */
public final class BenchHooks {
    /** Rows of one prefill piece at most. */
    public static final int MAX_PREFILL_ROWS = CudaSession.MAX_ROWS;

    private final CudaSession s;
    private final CudaModel model;

    public BenchHooks(CudaSession s) {
        this.s = s;
        this.model = s.model();
    }

    /** Prefill of {@code tokens} computing only the last row's logits; leaves the state advanced. */
    public void advance(int[] tokens) {
        s.prefillLastOnly(tokens);
    }

    /**
     * {@code n} greedy decode steps replayed back to back from the graph (each step's LM head picks the next token), with
     * the probes of {@code probeLayers} copied to pinned host memory after every step. Synchronises once at the end.
     */
    public void generate(int first, int n, int[] probeLayers) {
        s.greedyLoop(first, n, probeLayers);
    }

    /** See {@link CudaSession#useFusedSlotStep}. */
    public void useFusedSlotStep(boolean on) {
        s.useFusedSlotStep(on);
    }

    /**
     * Decode GEMVs at other warps per row than {@link GemvLaunch#split}, by kernel suffix: {@code _prep} qkvf,
     * {@code _21} o_proj, {@code _12} gate/up, {@code _01} down, {@code _best} LM head; an empty map restores the default.
     */
    public void useGemvSplits(Map<String, Integer> bySuffix) {
        s.useGemvSplits(bySuffix);
    }

    /** GPU milliseconds of {@code work} queued on the session's stream, between two events. */
    public double timeMs(Runnable work) {
        return model.dev.driver.timeMs(s.stream(), work);
    }

    /** Bytes one decode step reads: weights streamed plus the recurrent state read and written. */
    public long bytesPerDecodeStep() {
        return model.weights.matrixBytesPerToken + 2 * s.stateBytes();
    }

    /** Kernel name → {total ms, calls} over one decode step, each launch timed alone (unbatched, synchronised). */
    public Map<String, double[]> profileDecodeStep(int[] probeLayers) {
        Kernels k = s.kernels();
        k.startProfile();
        s.decodeKernels(probeLayers);
        model.dev.driver.sync(s.stream());
        return k.stopProfile();
    }

    /** The same over a prefill of {@code tokens} (at most {@link #MAX_PREFILL_ROWS}) from a reset state. */
    public Map<String, double[]> profilePrefill(int tokens) {
        s.reset();
        Kernels k = s.kernels();
        k.startProfile();
        s.prefillKernels(tokens, new int[0], false);
        model.dev.driver.sync(s.stream());
        return k.stopProfile();
    }

    /**
     * Each decode GEMV shape timed alone for every warp split, against the copy rate: 48 dependent launches captured in a
     * graph and replayed (launched one by one from the host, the small ones would time the host). Successive launches
     * walk the layers so that the weights come from HBM, not from the 50 MB L2. One line per shape.
     */
    public List<String> gemvIsolation(double copyGBps) {
        GsaConfig c = model.config();
        DeviceWeights w = model.weights;
        Driver drv = model.dev.driver;
        String dt = GemvLaunch.dtName(w.dt);
        int d = c.hiddenSize(), inter = c.intermediateSize(), vd = c.valueDim(), stride = DeviceWeights.stride(c), n = c.numLayers();
        record Shape(String what, String kernel, IntFunction<long[]> weightAndNorm, int rows, int cols, int matrices) {}
        List<Shape> shapes = List.of(
                new Shape("qkvf", "_10", l -> new long[]{w.layers[l].qkvf(), w.layers[l].attnNorm()}, stride, d, 1),
                new Shape("o_proj", "_21", l -> new long[]{w.layers[l].o(), w.layers[l].gNorm()}, d, vd, 1),
                new Shape("gate_up", "_12", l -> new long[]{w.layers[l].gateUp(), w.layers[l].mlpNorm()}, inter, d, 2),
                new Shape("down", "_01", l -> new long[]{w.layers[l].down(), 0}, d, inter, 1),
                new Shape("lm_head", "_10", l -> new long[]{w.lmHead, w.finalNorm}, c.vocabSize(), d, 1));
        int maxCols = Math.max(d, Math.max(inter, vd));
        int maxRows = Math.max(c.vocabSize(), Math.max(stride, 2 * inter));
        long in = drv.alloc(4L * maxCols, "gemv bench input"), out = 0;
        List<String> lines = new ArrayList<>();
        MemorySegment stream = s.stream();
        try (Arena a = Arena.ofConfined()) {
            out = drv.alloc(4L * maxRows, "gemv bench output");
            s.kernels().launch("fill_const", 8, 1, 256, 0, stream, new KernelArgs(a).ptr(in).u64(maxCols).f32(0.01f));
            for (Shape sh : shapes) {
                double bytes = (double) sh.matrices * sh.rows * sh.cols * w.dtype.bytes;
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-8s %6d x %-6d", sh.what, sh.rows * sh.matrices, sh.cols));
                for (int ks = 1; ks <= 8; ks *= 2) {
                    int grid = GemvLaunch.grid(sh.rows, ks, sh.cols, model.dev), reps = 48;
                    KernelArgs[] args = new KernelArgs[n];
                    for (int l = 0; l < n; l++) {
                        long[] wn = sh.weightAndNorm.apply(l);
                        args[l] = new KernelArgs(a).ptr(wn[0]).ptr(in).ptr(wn[1]).f32(1e-6f).ptr(out).i32(sh.rows).i32(sh.cols).i32(ks);
                    }
                    drv.beginCapture(stream);
                    MemorySegment graph;
                    try {
                        for (int i = 0; i < reps; i++)
                            s.kernels().launch("gemv_" + dt + sh.kernel, grid, 1, 256, GemvLaunch.shared(sh.cols), stream, args[i % n], true);
                    } finally {
                        graph = drv.endCapture(stream);
                    }
                    MemorySegment exec = drv.instantiate(graph);
                    double ms;
                    try {
                        drv.launchGraph(exec, stream);
                        int replays = 10;
                        ms = drv.timeMs(stream, () -> {
                            for (int i = 0; i < replays; i++) drv.launchGraph(exec, stream);
                        }) / (replays * reps);
                    } finally {
                        drv.destroyGraph(graph, exec);
                    }
                    double gbps = bytes / (ms / 1000) / 1e9;
                    line.append(String.format(Locale.ROOT, "  ks %d: %6.1f us %5.0f GB/s (%3.0f %%)", ks, 1000 * ms, gbps, 100 * gbps / copyGBps));
                }
                line.append("  [ks ").append(GemvLaunch.split(sh.matrices == 2)).append(" used]");
                lines.add(line.toString());
            }
        } finally {
            drv.free(in);
            drv.free(out);
        }
        return lines;
    }
}
