package org.gsaexplorer.model.patch;

import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.RecurrentState;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.backend.Backends;
import org.gsaexplorer.model.eval.Parallelism;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.tokenizer.GsaTokenizer;
import org.gsaexplorer.model.weights.Checkpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Time of a full slot sweep on the Rust sample: a clean and a corrupted prompt that differ in their first bytes,
 * patched at token 10 so that every one of the 4 × 4 × 64 = 1,024 components reruns the remaining suffix (200 bytes
 * by default). The reruns go the backend's own way ({@link Parallelism#of}: up to 64 as one batch on
 * cuda, sessions on {@code threads} threads elsewhere) unless {@code sessions} or {@code batch} is given. Run:
 * {@code java -cp ... org.gsaexplorer.model.patch.PatchSweepBench SAMPLE_DIR [backend] [suffix] [threads] [sessions|batch]}
 * In the same run, the yardstick: one session's plain prefill of the suffix from the corrupt state, repeated; the sweep's
 * suffix tokens/s is given as a multiple of it.
 */
public final class PatchSweepBench {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String backend = args.length > 1 ? args[1] : Backends.DEFAULT;
        int suffix = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
        int at = 10;
        String wayArg = args.length > 4 ? args[4] : null;
        byte[] text = Files.readAllBytes(dir.resolve("heldout.txt"));
        int[] clean = new int[at + suffix];
        for (int i = 0; i < clean.length; i++) clean[i] = text[4096 + i] & 0xff;
        int[] corrupt = clean.clone();
        for (int i = 0; i < 6; i++) corrupt[i] = 'x';
        try (Checkpoint ck = Checkpoint.open(dir.resolve("model")); LoadedModel model = Backends.create(backend).load(ck);
             GsaTokenizer tok = GsaTokenizer.forCheckpoint(dir.resolve("model"), 256)) {
            ActivationPatching.Spec spec = new ActivationPatching.Spec(clean, corrupt, at, PatchGrain.SLOT, new int[]{0, 1, 2, 3},
                    (int) 'e', (int) 't');
            Parallelism way = wayArg == null ? Parallelism.of(model)
                    : Parallelism.valueOf(wayArg.toUpperCase(java.util.Locale.ROOT));
            ActivationPatching.run(model, spec, Ablations.NONE, way, threads, n -> { }); // warm-up: JIT, kernels, workspaces
            long t0 = System.nanoTime();
            PatchResult r = ActivationPatching.run(model, spec, Ablations.NONE, way, threads, n -> { });
            double s = (System.nanoTime() - t0) / 1e9;
            String how = way == Parallelism.BATCH ? "batches of up to 64" : threads + " threads";
            System.out.printf("slot sweep on %s: %d components x %d-token suffix in %.2f s (%.0f suffix tokens/s, %s); clean %.3f corrupt %.3f; max effect %.3f%n",
                    backend, r.effects().length, suffix, s, r.effects().length * (double) suffix / s, how, r.clean(), r.corrupt(),
                    Arrays.stream(r.effects()).max().orElse(0));
            double plain = plainPrefill(model, corrupt, at, 32);
            System.out.printf("one session's plain prefill of the suffix: %.0f tokens/s; the sweep runs %.2fx that%n", plain,
                    r.effects().length * (double) suffix / s / plain);
            System.out.println("clean text: " + tok.decode(Arrays.copyOf(clean, 40)).replace("\n", "⏎") + "…");
        }
    }

    /** Tokens/s of {@code reps} prefills of ids[at..] on one session restored each time to the state after ids[..at). */
    static double plainPrefill(LoadedModel model, int[] ids, int at, int reps) {
        try (GsaSession s = model.newSession()) {
            s.prefill(Arrays.copyOf(ids, at), ProbeSpec.NONE);
            RecurrentState state = s.saveState();
            int[] suffix = Arrays.copyOfRange(ids, at, ids.length);
            s.prefill(suffix, ProbeSpec.NONE); // warm-up
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                s.restoreState(state);
                s.prefill(suffix, ProbeSpec.NONE);
            }
            return reps * (double) suffix.length / ((System.nanoTime() - t0) / 1e9);
        }
    }
}
