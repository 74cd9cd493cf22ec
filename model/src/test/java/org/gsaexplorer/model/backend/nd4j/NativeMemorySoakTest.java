package org.gsaexplorer.model.backend.nd4j;

import org.gsaexplorer.model.Fixtures;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.backend.Backends;
import org.gsaexplorer.model.recall.RecallEvaluator;
import org.gsaexplorer.model.weights.Checkpoint;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Native memory stays flat under sustained use: a child JVM started with the launcher's memory settings (ZGC, a large
 * -Xmx, a 1 GiB soft target) scores recall sequences on the default CPU backend, new sessions on new worker threads
 * each round as recall and the tour run them, and its anonymous resident memory (ZGC's heap is shared memory, so
 * this is the native part plus the collector's own tables) must not grow past a margin after warm-up (JIT, BLAS
 * buffers, malloc arenas: measured to settle within 400 sequences). Before ND4J arrays were released
 * deterministically it grew by about 1 GiB per 50 sequences.
 */
class NativeMemorySoakTest {
    static final int WARM_UP_ROUNDS = 8, ROUNDS = 6, SEQUENCES = 50, PAIRS = 16;
    static final long MARGIN_MIB = 64;

    @Test
    void nativeMemoryIsFlatAfterWarmUp() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-XX:+UseZGC", "-Xmx8g", "-XX:SoftMaxHeapSize=1g", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Soak.class.getName(), Fixtures.sample("mqar-gsa-tiny").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "soak did not finish");
        assertEquals(0, p.exitValue(), out);
        String last = out.lines().filter(l -> l.startsWith("growth ")).reduce((a, b) -> b).orElseThrow(() -> new AssertionError(out));
        long growth = Long.parseLong(last.substring("growth ".length()).trim());
        assertTrue(growth < MARGIN_MIB, "native memory grew by " + growth + " MiB after warm-up (margin " + MARGIN_MIB + "):\n" + out);
    }

    /** The child: warm up, then score sequences round after round (new sessions each time, as recall and the tour do); args: sample folder [rounds]. */
    public static final class Soak {
        public static void main(String[] args) throws IOException {
            try (Checkpoint ckpt = Checkpoint.open(Path.of(args[0]).resolve("model"));
                 LoadedModel model = Backends.create("nd4j").load(ckpt)) {
                for (int r = 0; r < WARM_UP_ROUNDS; r++)
                    RecallEvaluator.evaluate(model, PAIRS, SEQUENCES, 100 + r, Ablations.NONE, 2, n -> { });
                long base = rssAnonMiB(), peak = base;
                int rounds = args.length > 1 ? Integer.parseInt(args[1]) : ROUNDS;
                for (int r = 0; r < rounds; r++) {
                    RecallEvaluator.evaluate(model, PAIRS, SEQUENCES, 2 + r, Ablations.NONE, 2, n -> { });
                    peak = Math.max(peak, rssAnonMiB());
                    System.out.println("round " + r + " anonymous resident " + rssAnonMiB() + " MiB (after warm-up " + base + ")");
                }
                System.out.println("growth " + (peak - base));
            }
        }

        static long rssAnonMiB() throws IOException {
            List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
            for (String l : status)
                if (l.startsWith("RssAnon:")) return Long.parseLong(l.replaceAll("\\D", "")) / 1024;
            throw new IOException("no RssAnon in /proc/self/status");
        }
    }
}
