package org.gsaexplorer.app.fx;

import javafx.stage.Stage;
import org.gsaexplorer.visualizer.FxRuntime;
import org.gsaexplorer.visualizer.catalog.RecentModels;
import org.gsaexplorer.visualizer.session.ExplorerViewModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The explorer under seeded random input ({@link Monkey}) for a bounded time, as the app opens it (bundled sample,
 * default backend, every panel). It fails on an uncaught exception on any thread, an error dialog naming an exception
 * rather than a mistake in the input, an FX thread without a pulse for 2 s, or resident memory growing by more than
 * {@value #RSS_GROWTH_MIB} MiB after the first fifth of the run. Saves (exports, sessions) go to a temporary folder.
 * {@code -Dgsa.monkey.seconds=N} (or GSA_MONKEY_SECONDS) runs longer than the CI's two minutes; {@code -Dgsa.monkey.seed=S}
 * replays a run.
 */
class ExplorerMonkeyTest {
    /** Probe history is capped at 512 MiB of heap and the collector target follows the live set; the rest is slack. */
    static final long RSS_GROWTH_MIB = 1024;

    @Test
    void survivesRandomInput(@TempDir Path tmp) throws Exception {
        assumeTrue(FxRuntime.hasDisplay(), "no display: the monkey test runs under xvfb-run -a (./gsa-explorer test does this)");
        System.setProperty("prism.order", "sw");
        long seconds = Long.getLong("gsa.monkey.seconds", Long.parseLong(System.getenv().getOrDefault("GSA_MONKEY_SECONDS", "120")));
        long seed = Long.getLong("gsa.monkey.seed", 20_251_204L);
        FxRuntime.start();
        Path saves = Files.createDirectories(tmp.resolve("saves"));
        AtomicInteger saved = new AtomicInteger();
        Deque<String> recent = new ArrayDeque<>();
        ExplorerSetup setup = ExplorerSetup.defaults(null, null, null, -1);
        try (ExplorerViewModel vm = new ExplorerViewModel(); FxHealth health = new FxHealth()) {
            vm.open(setup.model(), setup.backend(), setup.prompt(), setup.cursor()).join();
            Stage stage = FxRuntime.call(() -> {
                Stage s = new Stage();
                var win = ExplorerApp.create(vm, new RecentModels(tmp.resolve("recent.txt")), s, 1200, 880);
                // every fifth save is cancelled, as a user may
                win.answerSaveDialogsWith(name -> saved.incrementAndGet() % 5 == 0 ? null : saves.resolve(saved.get() + "-" + name));
                s.setX(0);
                s.setY(0);
                s.show();
                return s;
            });
            health.watchStallsFromNow();
            Monkey monkey = new Monkey(seed, stage);
            long start = System.nanoTime(), end = start + seconds * 1_000_000_000L, warmUp = start + seconds * 200_000_000L;
            int steps = 0;
            java.util.Random pause = new java.util.Random(seed);
            while (System.nanoTime() < end && health.problems.isEmpty()) {
                if (health.rssAfterWarmUp() < 0 && System.nanoTime() > warmUp) health.warmedUp();
                String did;
                try {
                    did = FxRuntime.call(monkey::step, 10);
                    Thread.sleep(40 + pause.nextInt(160));
                    String menuItem = FxRuntime.call(monkey::contextMenuItem, 10);
                    if (menuItem != null) did += "; " + menuItem;
                    String last = did;
                    FxRuntime.call(() -> {
                        health.checkDialogs(stage, last);
                        return null;
                    }, 10);
                } catch (TimeoutException e) {
                    did = "(the FX thread did not take the next action within 10 s)";
                    health.problems.add(did);
                }
                recent.addLast(++steps + ": " + did);
                if (recent.size() > 25) recent.removeFirst();
                assertTrue(stage.isShowing() || !health.problems.isEmpty(), "the window closed itself");
            }
            FxRuntime.call(() -> {
                stage.close();
                return null;
            });
            long mib = 1 << 20;
            System.out.printf("monkey: seed %d, %d actions in %d s, %d files saved; resident %d MiB after warm-up, peak %d MiB%n",
                    seed, steps, (System.nanoTime() - start) / 1_000_000_000L, countFiles(saves), health.rssAfterWarmUp() / mib,
                    health.peakRss() / mib);
            System.out.println("monkey: validation messages seen: " + health.expectedMessages);
            if (health.rssAfterWarmUp() > 0 && health.peakRss() - health.rssAfterWarmUp() > RSS_GROWTH_MIB * mib)
                health.problems.add("resident memory grew from " + health.rssAfterWarmUp() / mib + " to " + health.peakRss() / mib + " MiB");
            if (!health.problems.isEmpty())
                fail("seed " + seed + ": " + String.join("\n\n", health.problems) + "\n\nlast actions:\n" + String.join("\n", recent));
        }
    }

    private static long countFiles(Path dir) throws java.io.IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }
}
