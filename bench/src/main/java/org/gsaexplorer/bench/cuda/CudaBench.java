package org.gsaexplorer.bench.cuda;

import org.gsaexplorer.model.BatchRows;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.backend.cuda.BenchHooks;
import org.gsaexplorer.model.backend.cuda.CudaBackend;
import org.gsaexplorer.model.backend.cuda.CudaModel;
import org.gsaexplorer.model.backend.cuda.CudaSession;
import org.gsaexplorer.model.backend.cuda.runtime.CudaDevice;
import org.gsaexplorer.model.backend.cuda.runtime.Driver;
import org.gsaexplorer.model.config.FeatureMap;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.weights.Checkpoint;
import org.gsaexplorer.model.weights.DType;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Throughput of the cuda backend: prefill, decode and how close decode gets to the GPU's memory bandwidth.
 * {@link #measure} is the reusable core (the CLI bench command and the throughput panel call it); {@link #main} is a
 * command line: {@code --shape gsa-1.3b|gsa-2.7b|gsa-7b-mistral [--random-weights] | --model DIR, --dtype bf16|f16|f32,
 * --prompt-len N, --gen N, --probe-layers N, --batch-prefill B,B,..., --batch-decode B,B,...}; the batch lists add
 * {@link BatchBench}'s figures for those batch sizes.
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
        CudaDevice dev = model.device();
        Driver drv = dev.driver;
        dev.makeCurrent();
        double copy = copyBandwidth(drv);
        int[] prompt = new Random(42).ints(promptLen, 0, c.vocabSize()).toArray();
        int[] probed = IntStream.range(0, probeLayers).toArray();
        try (CudaSession s = model.newSession()) {
            BenchHooks h = new BenchHooks(s);
            h.advance(prompt); // warm-up: allocations, cuBLAS heuristics
            double prefillMs = Double.MAX_VALUE;
            for (int rep = 0; rep < 3; rep++) {
                s.reset();
                prefillMs = Math.min(prefillMs, h.timeMs(() -> h.advance(prompt)));
            }
            h.generate(prompt[0], 4, probed); // capture + warm-up
            double loopMs = h.timeMs(() -> h.generate(prompt[0], gen, probed));
            List<String> variants = new ArrayList<>();
            double ms = loopMs / gen;
            if (dev.clusters) {
                h.useFusedSlotStep(true);
                variants.add(variant("slot_o instead of key_scan -> value_scan -> o_proj GEMV", h, prompt[0], gen, probed, ms));
                h.useFusedSlotStep(false);
            }
            // the GEMVs alone run faster at 2 warps per row for down (and o_proj) on the H200, unlike the whole step on the H100
            h.useGemvSplits(Map.of("_01", 2));
            variants.add(variant("down GEMV at 2 warps per row", h, prompt[0], gen, probed, ms));
            h.useGemvSplits(Map.of("_01", 2, "_21", 2));
            variants.add(variant("down and o_proj GEMVs at 2 warps per row", h, prompt[0], gen, probed, ms));
            h.useGemvSplits(Map.of());
            if (probed.length > 0) variants.add(variant("probes off", h, prompt[0], gen, new int[0], ms));
            // the explorer's overview watches every layer at once
            int[] all = IntStream.range(0, c.numLayers()).toArray();
            if (probed.length != all.length)
                variants.add(variant("probes on all " + all.length + " layers", h, prompt[0], gen, all, ms));
            ProbeSpec spec = ProbeSpec.of(probed);
            int steps = Math.min(gen, 64);
            long t0 = System.nanoTime();
            int next = prompt[0];
            for (int i = 0; i < steps; i++) next = argmax(s.step(next, spec).logitsAt(0));
            double apiTps = steps / ((System.nanoTime() - t0) / 1e9);

            Map<String, double[]> decodeProfile = h.profileDecodeStep(probed);
            Map<String, double[]> prefillProfile = h.profilePrefill(Math.min(promptLen, BenchHooks.MAX_PREFILL_ROWS));

            List<String> gemvs = h.gemvIsolation(copy);
            long bytes = h.bytesPerDecodeStep();
            return new BenchResult(name, model.dtype().name().toLowerCase(java.util.Locale.ROOT), dev.describe(),
                    promptLen, gen, probeLayers, prefillMs, loopMs / gen, variants, apiTps, bytes, copy, decodeProfile, prefillProfile, gemvs);
        }
    }

    /** One decode variant, timed as the main loop: tokens/s, ms/token and how the default compares. */
    private static String variant(String what, BenchHooks h, int first, int gen, int[] probed, double defaultMs) {
        h.generate(first, 4, probed); // capture + warm-up
        double ms = h.timeMs(() -> h.generate(first, gen, probed)) / gen;
        return String.format(Locale.ROOT, "%s: %.0f tokens/s, %.3f ms/token (default %.2fx)", what, 1000 / ms, ms, ms / defaultMs);
    }

    private static int argmax(float[] v) {
        int b = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[b]) b = i;
        return b;
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
            double ms = drv.timeMs(stream, () -> {
                for (int i = 0; i < reps; i++) drv.copyDtoDAsync(dst, src, bytes, stream);
            });
            return 2.0 * bytes * reps / (ms / 1000) / 1e9;
        } finally {
            drv.free(a);
            drv.free(b);
            drv.destroyStream(stream);
        }
    }

    /** A comma list of batch sizes, each 1..BatchedSession.MAX_SIZE. */
    static int[] batches(String option, String list) {
        try {
            int[] b = Arrays.stream(list.split(",")).mapToInt(x -> Integer.parseInt(x.trim())).toArray();
            for (int x : b) BatchRows.checkSize(x);
            return b;
        } catch (NumberFormatException e) {
            throw new GsaException(option + " " + list + ": expected a comma list of batch sizes, e.g. 1,8,32");
        } catch (GsaException e) {
            throw new GsaException(option + ": " + e.getMessage());
        }
    }

    public static void main(String[] argv) {
        String shape = "gsa-1.3b", dir = null, dtype = "bf16";
        int promptLen = 2048, gen = 256, probeLayers = 1;
        int[] prefillBatches = {}, decodeBatches = {};
        boolean randomWeights = false;
        try {
            for (int i = 0; i < argv.length; i++) {
                String a = argv[i];
                if (a.equals("--random-weights")) {
                    randomWeights = true;
                    continue;
                }
                String v = i + 1 < argv.length ? argv[i + 1] : null;
                if (v == null) throw new GsaException(a + ": needs a value");
                switch (a) {
                    case "--shape" -> shape = v;
                    case "--model" -> dir = v;
                    case "--dtype" -> dtype = v;
                    case "--prompt-len" -> promptLen = Integer.parseInt(v);
                    case "--gen" -> gen = Integer.parseInt(v);
                    case "--probe-layers" -> probeLayers = Integer.parseInt(v);
                    case "--batch-prefill" -> prefillBatches = batches(a, v);
                    case "--batch-decode" -> decodeBatches = batches(a, v);
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
            if (randomWeights && dir != null) throw new GsaException("--random-weights and --model exclude each other");
            CudaBackend backend = new CudaBackend();
            String name = dir != null ? dir : shape + " (random weights)";
            GsaConfig random = dir != null ? null : shape(shape);
            try (Checkpoint ck = dir != null ? Checkpoint.open(Path.of(dir)) : null;
                 CudaModel m = ck != null ? backend.load(ck, dt) : backend.loadRandom(random, dt, 1234)) {
                BenchResult r = measure(m, name, promptLen, gen, ck != null ? Math.min(probeLayers, m.config().numLayers()) : probeLayers);
                System.out.print(r.report());
                System.out.print(BatchBench.measure(m, promptLen, gen, prefillBatches, decodeBatches, r.copyGBps()));
            }
        } catch (GsaException | NumberFormatException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
        }
    }
}
