package org.gsaexplorer.bench;

import org.gsaexplorer.bench.baseline.GatedLinearAttention;
import org.gsaexplorer.bench.baseline.GlaConfig;
import org.gsaexplorer.bench.baseline.TransformerConfig;
import org.gsaexplorer.bench.baseline.TransformerPlusPlus;
import org.gsaexplorer.bench.cuda.BaselineCudaModels;
import org.gsaexplorer.bench.sequence.GsaSequenceModel;
import org.gsaexplorer.bench.sequence.SequenceModel;
import org.gsaexplorer.bench.sequence.SequenceSession;
import org.gsaexplorer.model.Backend;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.backend.Backends;
import org.gsaexplorer.model.weights.Checkpoint;
import org.gsaexplorer.model.weights.DType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Drives GSA (on each backend asked for) and the Transformer++ and GLA baselines at the same shape through one loop:
 * every engine is opened first; prefill tokens/s per engine; then decode ms/token for every (engine, context) pair,
 * all warmed up and saved before any is timed, timed in one shuffled order ({@link DecodeSweep}), each over several
 * repetitions from its own saved state; plus the copy bandwidth measured in the same run as the reference line. The baselines run
 * in plain Java for the CPU backends and on the GPU when {@code cuda} is asked for; the copy bandwidth is the GPU's
 * device-to-device copy when {@code cuda} runs, else the CPU's array copy.
 */
public final class ThroughputBench {
    public static final List<String> ARCHS = List.of("gsa", "transformer", "gla");
    /** Backends that stream the checkpoint's own dtype; the others (nd4j, reference) hold fp32 copies. */
    private static final java.util.Set<String> KEEPS_CHECKPOINT_DTYPE = java.util.Set.of("cuda", "vector");

    /**
     * @param modelDir a checkpoint for GSA; null for random weights of {@code shape} in {@code dtype}
     */
    public record Options(List<String> archs, List<String> backends, ModelShape shape, Path modelDir, DType dtype,
                          int promptLength, int generate, List<Integer> contexts, int reps, int warmup, long seed) {
        public Options {
            archs = List.copyOf(archs);
            backends = List.copyOf(backends);
            contexts = contexts.stream().sorted().distinct().toList();
            for (String a : archs) if (!ARCHS.contains(a)) throw new GsaException("--arch: unknown architecture '" + a + "' (use " + String.join(",", ARCHS) + ")");
            if (archs.isEmpty()) throw new GsaException("--arch: give at least one of " + String.join(",", ARCHS));
            if (archs.contains("gsa") && backends.isEmpty()) throw new GsaException("--backend: give at least one backend for gsa");
            if (promptLength < 1) throw new GsaException("--prompt-len must be at least 1, not " + promptLength);
            if (generate < 1) throw new GsaException("--gen must be at least 1, not " + generate);
            if (reps < 1) throw new GsaException("--reps must be at least 1, not " + reps);
            if (warmup < 0) throw new GsaException("warm-up repetitions cannot be negative");
            for (int c : contexts) if (c < 1) throw new GsaException("--contexts: context lengths must be positive, not " + c);
        }
    }

    /** Progress in [0, 1] with a line saying what runs now. Called from the bench's thread. */
    @FunctionalInterface
    public interface Listener {
        void progress(double fraction, String message);
    }

    private final Options o;
    private final long orderSeed;
    private final Listener listener;
    private final BooleanSupplier cancelled;
    private final int units;
    private int done;
    private String message = "";
    private final List<BenchReport.ModelInfo> models = new ArrayList<>();
    private final List<BenchReport.PrefillPoint> prefill = new ArrayList<>();
    private final List<BenchReport.DecodePoint> decode = new ArrayList<>();
    private final List<BenchReport.ProbeCost> probeCost = new ArrayList<>();
    private final List<BenchReport.KernelPoint> kernels = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    /** The engines opened, measured once all are open. */
    private final List<SequenceModel> engines = new ArrayList<>();
    /** What the open engines hold (models, backends, the checkpoint, its temporary folder), closed last first. */
    private final Deque<Runnable> closers = new ArrayDeque<>();
    /** fp32 weights of the plain-Java baselines open now, on the heap. */
    private long heapWeightBytes;

    private ThroughputBench(Options o, long orderSeed, Listener listener, BooleanSupplier cancelled) {
        this.o = o;
        this.orderSeed = orderSeed;
        this.listener = listener;
        this.cancelled = cancelled;
        int runs = (o.archs().contains("gsa") ? o.backends().size() : 0) + (int) o.archs().stream().filter(a -> !a.equals("gsa")).count() * baselineEngines().size();
        units = 1 + runs * (1 + 2 * o.contexts().size());
    }

    /** Runs the whole bench, the decode pairs in an order drawn from the options' seed. */
    public static BenchReport run(Options o, Listener listener, BooleanSupplier cancelled) {
        return run(o, o.seed(), listener, cancelled);
    }

    /**
     * Runs the whole bench, timing the (engine, context) pairs in an order drawn from {@code orderSeed}; throws
     * {@link CancellationException} soon after {@code cancelled} turns true.
     */
    public static BenchReport run(Options o, long orderSeed, Listener listener, BooleanSupplier cancelled) {
        ThroughputBench b = new ThroughputBench(o, orderSeed, listener, cancelled);
        try {
            return b.run();
        } finally {
            b.closeAll();
        }
    }

    /** "java" for the CPU backends (or none), "cuda" when asked for. */
    private List<String> baselineEngines() {
        List<String> e = new ArrayList<>();
        if (o.backends().stream().anyMatch(b -> !b.equals("cuda")) || o.backends().isEmpty()) e.add("java");
        if (o.backends().contains("cuda")) e.add("cuda");
        return e;
    }

    private BenchReport run() {
        report("copy bandwidth");
        Stats cpuCopy = CopyBandwidth.measure(CopyBandwidth.defaultBytes(), Math.max(5, o.reps()));
        Stats gpuCopy = null;
        String device = Runtime.getRuntime().availableProcessors() + " CPU threads, " + System.getProperty("os.arch") + ", Java "
                + Runtime.version().feature() + ", heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MB";
        if (o.backends().contains("cuda")) {
            String why = BaselineCudaModels.unavailableReason();
            if (why == null) {
                double[] gbs = new double[Math.max(5, o.reps())];
                for (int i = 0; i < gbs.length; i++) gbs[i] = BaselineCudaModels.copyGBps();
                gpuCopy = Stats.of(gbs);
                notes.add(f("CPU array copy in the same run: %.2f GB/s; GPU rows are compared with the GPU's device-to-device copy", cpuCopy.median()));
                device = BaselineCudaModels.device() + "; " + device;
            } else {
                notes.add("cuda: unavailable (" + why + ")");
            }
        }
        Stats gemm = null;
        if (o.backends().stream().anyMatch(b -> !b.equals("cuda"))) {
            report("fp32 GEMM rate (BLAS)");
            gemm = KernelRates.blasGemmGFlops(o.shape().config(), o.promptLength(), Math.max(5, o.reps()));
            if (o.backends().contains("vector") && o.archs().contains("gsa")) {
                report("vector kernels");
                kernels.addAll(KernelRates.measure(o.shape().config(), o.promptLength(), Math.max(5, o.reps()), cpuCopy, gemm));
            }
        }
        advance();
        Stats gpu = gpuCopy;
        open(cpuCopy, gpu);
        measurePrefill();
        measureDecode();
        listener.progress(1, "done");
        return new BenchReport(o.shape().name(), o.modelDir() == null ? o.dtype().name().toLowerCase() : "checkpoint",
                device, o.promptLength(), o.generate(), o.reps(), gpu != null ? gpu : cpuCopy, gemm, models, prefill, decode, probeCost, kernels, notes);
    }

    /** Opens every engine asked for; one that cannot run is a note. */
    private void open(Stats cpuCopy, Stats gpu) {
        for (String arch : o.archs()) {
            if (arch.equals("gsa")) {
                runGsa(cpuCopy, gpu);
                continue;
            }
            for (String engine : baselineEngines()) {
                if (engine.equals("java")) {
                    switch (arch) {
                        case "transformer" -> runBaseline(cpuCopy, "transformer", () -> new TransformerPlusPlus(TransformerConfig.matching(o.shape().config()), o.seed()),
                                TransformerConfig.matching(o.shape().config()).parameters());
                        case "gla" -> runBaseline(cpuCopy, "gla", () -> new GatedLinearAttention(GlaConfig.matching(o.shape().config()), o.seed()),
                                GlaConfig.matching(o.shape().config()).parameters());
                        default -> throw new IllegalStateException(arch);
                    }
                } else if (gpu == null) {
                    skip(engineUnits());
                } else {
                    DType dtype = o.modelDir() == null ? o.dtype() : DType.BF16;
                    report("building " + arch + " on the GPU with random " + dtype.name().toLowerCase() + " weights");
                    try {
                        adopt(arch.equals("transformer")
                                ? BaselineCudaModels.transformer(TransformerConfig.matching(o.shape().config()), dtype, o.seed())
                                : BaselineCudaModels.gla(GlaConfig.matching(o.shape().config()), dtype, o.seed()), gpu);
                    } catch (GsaException e) {
                        notes.add(arch + " on cuda: bench unavailable (" + e.getMessage() + ")");
                        skip(engineUnits());
                    }
                }
            }
        }
    }

    private static String f(String fmt, Object... args) {
        return String.format(java.util.Locale.ROOT, fmt, args);
    }

    private void runGsa(Stats copy, Stats gpuCopy) {
        if (o.backends().contains("cuda") && o.modelDir() == null) runGsaCuda(gpuCopy, null);
        if (o.backends().stream().allMatch(b -> b.equals("cuda"))) return;
        try {
            Path dir = o.modelDir();
            if (dir == null) {
                Path temp = Files.createTempDirectory("gsa-bench-");
                closers.push(() -> deleteTree(temp));
                long bytes = RandomCheckpoint.dataBytes(o.shape(), o.dtype());
                long usable = Files.getFileStore(temp).getUsableSpace();
                if (bytes > usable)
                    throw new GsaException("the random " + o.shape().name() + " checkpoint needs " + (bytes >> 20) + " MB but " + temp.getParent()
                            + " has " + (usable >> 20) + " MB free (set -Djava.io.tmpdir to a larger disk)");
                report("writing random " + o.shape().name() + " weights (" + (bytes >> 20) + " MB)");
                RandomCheckpoint.write(temp, o.shape(), o.dtype(), o.seed());
                dir = temp;
            }
            Checkpoint ck = Checkpoint.open(dir);
            closers.push(ck::close);
            for (String name : o.backends()) {
                if (!name.equals("cuda")) runGsaOn(name, ck, copy);
                else if (o.modelDir() != null) runGsaCuda(gpuCopy, ck);
            }
        } catch (IOException e) {
            throw new GsaException("cannot create a temporary folder for the random checkpoint (" + e.getMessage() + ")");
        }
    }

    private void runGsaOn(String backendName, Checkpoint ck, Stats copy) {
        Backend backend;
        try {
            backend = Backends.create(backendName);
        } catch (GsaException e) {
            notes.add("gsa on " + backendName + ": bench unavailable (" + e.getMessage() + ")");
            skip(engineUnits());
            return;
        }
        closers.push(backend::close);
        LoadedModel loaded = backend.load(ck);
        closers.push(loaded::close);
        notes.add(f("gsa on %s: heap in use after loading and a full GC: %d MB (of %d MB); weights %d MB in the checkpoint",
                backendName, heapUsedAfterGc() >> 20, Runtime.getRuntime().maxMemory() >> 20, ck.parameterCount() * ck.dominantDType().bytes >> 20));
        int bytesPerWeight = KEEPS_CHECKPOINT_DTYPE.contains(backendName) ? ck.dominantDType().bytes : Float.BYTES;
        adopt(new GsaSequenceModel(ck, loaded, bytesPerWeight), copy);
    }

    /** Heap bytes still reachable after a full collection (ZGC's System.gc() is a synchronous full cycle). */
    private static long heapUsedAfterGc() {
        System.gc();
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** GSA on the GPU: random weights filled on the device (no checkpoint written), or the checkpoint's. */
    private void runGsaCuda(Stats gpuCopy, Checkpoint ck) {
        if (gpuCopy == null) {
            skip(engineUnits());
            return;
        }
        report("loading gsa on the GPU");
        try {
            adopt(ck == null ? BaselineCudaModels.gsa(o.shape().config(), o.dtype(), o.seed()) : BaselineCudaModels.gsa(ck, null), gpuCopy);
            notes.add("gsa on cuda decodes with layer 0's probes on (copied to pinned host memory every token, as the explorer watches a layer)");
        } catch (GsaException e) {
            notes.add("gsa on cuda: bench unavailable (" + e.getMessage() + ")");
            skip(engineUnits());
        }
    }

    private interface Builder {
        SequenceModel build();
    }

    private void runBaseline(Stats copy, String arch, Builder builder, long parameters) {
        // the baselines opened before this one stay open until the end: their weights share the heap with its own
        long heap = Runtime.getRuntime().maxMemory(), bytes = parameters * Float.BYTES;
        if (heapWeightBytes + bytes > heap * 0.8) {
            notes.add(arch + ": skipped, its " + (bytes >> 20) + " MB of fp32 weights do not fit the " + (heap >> 20) + " MB heap"
                    + (heapWeightBytes > 0 ? " beside the " + (heapWeightBytes >> 20) + " MB of the baselines already open" : "")
                    + " (give Java more with JAVA_OPTS=-Xmx<size>)");
            skip(engineUnits());
            return;
        }
        report("building " + arch + " with random weights");
        adopt(builder.build(), copy);
        heapWeightBytes += bytes;
    }

    /** Progress units of one engine: its prefill, and each context prepared and timed. */
    private int engineUnits() {
        return 1 + 2 * o.contexts().size();
    }

    /** Keeps {@code m} open until the end, to be measured with the others. */
    private void adopt(SequenceModel m, Stats copy) {
        closers.push(m::close);
        engines.add(m);
        models.add(BenchReport.ModelInfo.of(m, copy));
    }

    private static String who(SequenceModel m) {
        return m.arch() + " (" + m.engine() + ")";
    }

    private void measurePrefill() {
        for (SequenceModel m : engines) {
            int[] prompt = new SplittableRandom(o.seed()).ints(o.promptLength(), 0, m.vocabSize()).toArray();
            report(who(m) + ": prefill " + o.promptLength() + " tokens");
            double[] tps = new double[o.reps()];
            try (SequenceSession s = m.newSession()) {
                for (int r = -o.warmup(); r < o.reps(); r++) {
                    checkCancelled();
                    s.reset();
                    long t0 = System.nanoTime();
                    s.advance(prompt);
                    long dt = System.nanoTime() - t0;
                    if (r >= 0) tps[r] = o.promptLength() * 1e9 / dt;
                }
            }
            prefill.add(BenchReport.PrefillPoint.of(m, o.promptLength(), Stats.of(tps)));
            advance();
        }
    }

    /**
     * Every (engine, context) pair prepared and warmed (at every context: the attention loops' trip counts change with
     * it), then all timed in one shuffled order; the points are reported per engine, contexts ascending.
     */
    private void measureDecode() {
        try (DecodeSweep sweep = new DecodeSweep(o.generate(), this::checkCancelled)) {
            for (SequenceModel m : engines) {
                SplittableRandom random = new SplittableRandom(o.seed() + 1);
                for (int ctx : o.contexts()) {
                    long need = m.stateBytes(ctx + o.generate());
                    long free = m.freeBytes();
                    if (need > free * 0.8) {
                        notes.add(who(m) + ": context " + ctx + " skipped, its state would take " + (need >> 20) + " MB of the " + (free >> 20) + " MB free");
                        skip(2);
                        continue;
                    }
                    report("warming up: " + who(m) + " at context " + ctx);
                    try {
                        sweep.prepare(m, who(m), ctx, o.warmup(), random);
                        advance();
                    } catch (GsaException e) {
                        notes.add(who(m) + ": context " + ctx + " failed (" + e.getMessage() + ")");
                        skip(2);
                    }
                }
            }
            Map<DecodeSweep.Pair, DecodeSweep.Timing> timed = new HashMap<>();
            for (DecodeSweep.Pair p : sweep.order(orderSeed)) {
                report(p.who() + ": decode " + o.generate() + " tokens after " + p.context());
                try {
                    timed.put(p, sweep.time(p, o.reps()));
                } catch (GsaException e) {
                    notes.add(p.who() + ": context " + p.context() + " failed (" + e.getMessage() + ")");
                }
                advance();
            }
            for (DecodeSweep.Pair p : sweep.pairs()) {
                DecodeSweep.Timing t = timed.get(p);
                if (t == null) continue;
                decode.add(BenchReport.DecodePoint.of(p.model(), p.context(), t.plain()));
                if (t.probedLayers() > 0)
                    probeCost.add(new BenchReport.ProbeCost(p.model().arch(), p.model().engine(), p.context(), t.probedLayers(), t.probed(), t.overhead()));
            }
        }
    }

    private void closeAll() {
        for (Runnable c; (c = closers.poll()) != null; ) c.run();
    }

    private void checkCancelled() {
        if (cancelled.getAsBoolean()) throw new CancellationException("bench cancelled");
    }

    private void report(String message) {
        checkCancelled();
        this.message = message;
        listener.progress((double) done / units, message);
    }

    private void advance() {
        done++;
        listener.progress((double) done / units, message);
    }

    private void skip(int n) {
        done += n;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover temp folder is harmless; the OS cleans it eventually
        }
    }

    /** Parses "1024,2048" or "1k,2k,4k". */
    public static List<Integer> parseContexts(String s) {
        return Arrays.stream(s.split(",")).map(String::trim).map(t -> {
            String lower = t.toLowerCase();
            try {
                return lower.endsWith("k") ? Integer.parseInt(lower.substring(0, lower.length() - 1)) * 1024 : Integer.parseInt(lower);
            } catch (NumberFormatException e) {
                throw new GsaException("--contexts: '" + t + "' is not a token count (use a list like 1024,2048 or 1k,2k)");
            }
        }).toList();
    }
}
