package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.GsaException;
import org.gsaexplorer.model.config.FeatureMap;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.weights.Checkpoint;
import org.gsaexplorer.model.weights.DType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Throughput of the cuda backend: prefill, decode and how close decode gets to the GPU's memory bandwidth.
 * {@link #measure} is the reusable core (the CLI bench command and the throughput panel call it); {@link #main} is a
 * command line: {@code --shape gsa-1.3b|gsa-2.7b|gsa-7b-mistral | --model DIR, --dtype bf16|f16|f32,
 * --prompt-len N, --gen N, --probe-layers N}.
 */
public final class CudaBench {
    private CudaBench() {
    }

    /** The published shapes of the fla-hub GSA models (random weights stand in for the real ones). */
    public static GsaConfig shape(String name) {
        return switch (name) {
            case "gsa-1.3b" -> config(2048, 24, 4, 4, 5632);
            case "gsa-2.7b" -> config(2560, 32, 5, 5, 6912);
            case "gsa-7b-mistral" -> config(4096, 32, 32, 8, 14336);
            default -> throw new GsaException("--shape " + name + ": unknown (expected gsa-1.3b, gsa-2.7b or gsa-7b-mistral)");
        };
    }

    private static GsaConfig config(int d, int layers, int heads, int kvHeads, int inter) {
        return new GsaConfig(d, layers, heads, kvHeads, 64, 1, 1, FeatureMap.SWISH, 8, false, 4, true, 1e-6,
                inter, "swish", false, 32000, null, 1, 2);
    }

    /**
     * Measures {@code model}: copy bandwidth, a prefill of {@code promptLen} random tokens (last row's logits only,
     * best of 3), {@code gen} greedy decode steps with the first {@code probeLayers} layers probed, the same through
     * {@code step}, and one profiled step and prefill for per-kernel times.
     */
    public static BenchResult measure(CudaModel model, String name, int promptLen, int gen, int probeLayers) {
        GsaConfig c = model.config();
        if (promptLen < 1 || gen < 1) throw new GsaException("bench: --prompt-len and --gen must be at least 1");
        if (probeLayers < 0 || probeLayers > c.numLayers()) throw new GsaException("bench: --probe-layers must be 0.." + c.numLayers());
        Driver drv = model.dev.driver;
        model.dev.makeCurrent();
        double copy = copyBandwidth(drv);
        int[] prompt = new Random(42).ints(promptLen, 0, c.vocabSize()).toArray();
        int[] probed = IntStream.range(0, probeLayers).toArray();
        try (CudaSession s = model.newSession()) {
            MemorySegment stream = s.stream();
            s.prefillLastOnly(prompt); // warm-up: allocations, cuBLAS heuristics
            double prefillMs = Double.MAX_VALUE;
            for (int rep = 0; rep < 3; rep++) {
                s.reset();
                prefillMs = Math.min(prefillMs, timeMs(drv, stream, () -> s.prefillLastOnly(prompt)));
            }
            s.greedyLoop(prompt[0], 4, probed); // capture + warm-up
            double loopMs = timeMs(drv, stream, () -> s.greedyLoop(prompt[0], gen, probed));
            List<String> variants = new ArrayList<>();
            double ms = loopMs / gen;
            if (model.dev.clusters) {
                s.useFusedSlotStep(true);
                variants.add(variant("slot_o instead of key_scan -> value_scan -> o_proj GEMV", s, drv, prompt[0], gen, probed, ms));
                s.useFusedSlotStep(false);
            }
            if (probed.length > 0) variants.add(variant("probes off", s, drv, prompt[0], gen, new int[0], ms));
            // the explorer's overview watches every layer at once
            int[] all = IntStream.range(0, c.numLayers()).toArray();
            if (probed.length != all.length)
                variants.add(variant("probes on all " + all.length + " layers", s, drv, prompt[0], gen, all, ms));
            ProbeSpec spec = ProbeSpec.of(probed);
            int steps = Math.min(gen, 64);
            long t0 = System.nanoTime();
            int next = prompt[0];
            for (int i = 0; i < steps; i++) next = argmax(s.step(next, spec).logitsAt(0));
            double apiTps = steps / ((System.nanoTime() - t0) / 1e9);

            Kernels k = s.kernels();
            k.startProfile();
            s.decodeKernels(probed);
            drv.sync(stream);
            Map<String, double[]> decodeProfile = k.stopProfile();
            s.reset();
            k.startProfile();
            s.prefillKernels(Math.min(promptLen, CudaSession.MAX_ROWS), new int[0], false);
            drv.sync(stream);
            Map<String, double[]> prefillProfile = k.stopProfile();

            List<String> gemvs = gemvIsolation(model, s, copy);
            long bytes = model.weights.matrixBytesPerToken + 2 * s.stateBytes();
            return new BenchResult(name, model.dtype().name().toLowerCase(java.util.Locale.ROOT), model.dev.describe(),
                    promptLen, gen, probeLayers, prefillMs, loopMs / gen, variants, apiTps, bytes, copy, decodeProfile, prefillProfile, gemvs);
        }
    }

    /**
     * Each decode GEMV shape timed alone for every warp split, against the copy rate: 48 dependent launches captured in a
     * graph and replayed (launched one by one from the host, the small ones would time the host). Successive launches
     * walk the layers so that the weights come from HBM, not from the 50 MB L2.
     */
    private static List<String> gemvIsolation(CudaModel model, CudaSession s, double copy) {
        GsaConfig c = model.config();
        DeviceWeights w = model.weights;
        Driver drv = model.dev.driver;
        String dt = switch (w.dt) { case 0 -> "f32"; case 1 -> "f16"; default -> "bf16"; };
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
                    int grid = CudaSession.gemvGrid(sh.rows, ks, sh.cols, model.dev), reps = 48;
                    KernelArgs[] args = new KernelArgs[n];
                    for (int l = 0; l < n; l++) {
                        long[] wn = sh.weightAndNorm.apply(l);
                        args[l] = new KernelArgs(a).ptr(wn[0]).ptr(in).ptr(wn[1]).f32(1e-6f).ptr(out).i32(sh.rows).i32(sh.cols).i32(ks);
                    }
                    drv.beginCapture(stream);
                    MemorySegment graph;
                    try {
                        for (int i = 0; i < reps; i++)
                            s.kernels().launch("gemv_" + dt + sh.kernel, grid, 1, 256, CudaSession.gemvShared(sh.cols), stream, args[i % n], true);
                    } finally {
                        graph = drv.endCapture(stream);
                    }
                    MemorySegment exec = drv.instantiate(graph);
                    double ms;
                    try {
                        drv.launchGraph(exec, stream);
                        int replays = 10;
                        ms = timeMs(drv, stream, () -> {
                            for (int i = 0; i < replays; i++) drv.launchGraph(exec, stream);
                        }) / (replays * reps);
                    } finally {
                        drv.destroyGraph(graph, exec);
                    }
                    double gbps = bytes / (ms / 1000) / 1e9;
                    line.append(String.format(Locale.ROOT, "  ks %d: %6.1f us %5.0f GB/s (%3.0f %%)", ks, 1000 * ms, gbps, 100 * gbps / copy));
                }
                line.append("  [ks ").append(CudaSession.gemvSplit(sh.matrices == 2)).append(" used]");
                lines.add(line.toString());
            }
        } finally {
            drv.free(in);
            drv.free(out);
        }
        return lines;
    }

    /** One decode variant, timed as the main loop: tokens/s, ms/token and how the default compares. */
    private static String variant(String what, CudaSession s, Driver drv, int first, int gen, int[] probed, double defaultMs) {
        s.greedyLoop(first, 4, probed); // capture + warm-up
        double ms = timeMs(drv, s.stream(), () -> s.greedyLoop(first, gen, probed)) / gen;
        return String.format(Locale.ROOT, "%s: %.0f tokens/s, %.3f ms/token (default %.2fx)", what, 1000 / ms, ms, ms / defaultMs);
    }

    private static int argmax(float[] v) {
        int b = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[b]) b = i;
        return b;
    }

    private static double timeMs(Driver drv, MemorySegment stream, Runnable work) {
        MemorySegment e0 = drv.createEvent(), e1 = drv.createEvent();
        try {
            drv.record(e0, stream);
            work.run();
            drv.record(e1, stream);
            drv.eventSync(e1);
            return drv.elapsedMs(e0, e1);
        } finally {
            drv.destroyEvent(e0);
            drv.destroyEvent(e1);
        }
    }

    /** cuMemcpyDtoD of a large buffer, in GB/s counting the bytes read and the bytes written. */
    static double copyBandwidth(Driver drv) {
        long bytes = Math.min(1L << 30, drv.memInfo()[0] / 8);
        long a = drv.alloc(bytes, "copy benchmark"), b = 0;
        MemorySegment stream = drv.createStream();
        try {
            b = drv.alloc(bytes, "copy benchmark");
            long src = a, dst = b;
            for (int i = 0; i < 2; i++) drv.copyDtoDAsync(dst, src, bytes, stream);
            int reps = 10;
            double ms = timeMs(drv, stream, () -> {
                for (int i = 0; i < reps; i++) drv.copyDtoDAsync(dst, src, bytes, stream);
            });
            return 2.0 * bytes * reps / (ms / 1000) / 1e9;
        } finally {
            drv.free(a);
            drv.free(b);
            drv.destroyStream(stream);
        }
    }

    public static void main(String[] argv) {
        String shape = "gsa-1.3b", dir = null, dtype = "bf16";
        int promptLen = 2048, gen = 256, probeLayers = 1;
        try {
            for (int i = 0; i < argv.length; i++) {
                String a = argv[i];
                String v = i + 1 < argv.length ? argv[i + 1] : null;
                if (v == null) throw new GsaException(a + ": needs a value");
                switch (a) {
                    case "--shape" -> shape = v;
                    case "--model" -> dir = v;
                    case "--dtype" -> dtype = v;
                    case "--prompt-len" -> promptLen = Integer.parseInt(v);
                    case "--gen" -> gen = Integer.parseInt(v);
                    case "--probe-layers" -> probeLayers = Integer.parseInt(v);
                    default -> throw new GsaException("unknown option " + a);
                }
                i++;
            }
            DType dt = switch (dtype) {
                case "bf16" -> DType.BF16;
                case "f16" -> DType.F16;
                case "f32" -> DType.F32;
                default -> throw new GsaException("--dtype " + dtype + ": expected bf16, f16 or f32");
            };
            CudaBackend backend = new CudaBackend();
            BenchResult r;
            if (dir != null) {
                try (Checkpoint ck = Checkpoint.open(Path.of(dir)); CudaModel m = backend.load(ck, dt)) {
                    r = measure(m, dir, promptLen, gen, Math.min(probeLayers, m.config().numLayers()));
                }
            } else {
                try (CudaModel m = backend.loadRandom(shape(shape), dt, 1234)) {
                    r = measure(m, shape + " (random weights)", promptLen, gen, probeLayers);
                }
            }
            System.out.print(r.report());
        } catch (GsaException | NumberFormatException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
        }
    }
}
