package org.gsaexplorer.visualizer.bench;

import org.gsaexplorer.visualizer.catalog.ModelCatalog;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.session.ExplorerViewModel;
import org.gsaexplorer.visualizer.session.MemoryUse;
import org.gsaexplorer.visualizer.session.MqarPrompt;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * Memory of a long explorer session: steps {@code tokens} tokens one {@code step()} at a time through the view model
 * (every layer probed, greedy generation after the prompt) on the sample model, and every {@code every} tokens prints
 * the heap in use after a full GC next to what the history holds (probe blocks within the budget, saved states).
 * The heap must level off once the probe budget is full; what still grows is the per-token table (a few numbers per
 * token). Resident memory (RSS now and its peak so far) is printed beside it: ND4J allocates outside the heap. Run with
 * the launcher's JVM options ({@code ./gsa-explorer jvm-options}):
 * {@code java OPTIONS -cp ... org.gsaexplorer.visualizer.bench.LongSessionBench [tokens] [backend] [budgetMiB] [every]}
 */
public final class LongSessionBench {
    /** Steps submitted before waiting for them, so the engine never idles between commands. */
    static final int BATCH = 500;

    public static void main(String[] args) {
        int tokens = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String backend = args.length > 1 ? args[1] : "nd4j";
        long budget = (args.length > 2 ? Long.parseLong(args[2]) : 64) << 20;
        int every = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
        Path sample = ModelCatalog.findSamples(Path.of(""), null).resolve("mqar-gsa-tiny/model");
        MemoryMXBean heap = ManagementFactory.getMemoryMXBean();
        try (ExplorerViewModel vm = new ExplorerViewModel(new ExplorerViewModel.Options(budget, 32))) {
            vm.open(sample, backend, MqarPrompt.generate(8, 8, 1).text(), -1).join();
            System.out.printf("long session: %d tokens on %s, probe budget %d MiB, max heap %d MiB%n", tokens,
                    vm.snapshot().model().backend(), budget >> 20, Runtime.getRuntime().maxMemory() >> 20);
            System.out.printf("%9s %14s %11s %7s %9s %10s %10s %9s %9s%n", "tokens", "heap after GC", "probes", "states",
                    "spacing", "tokens/s", "elapsed", "RSS MiB", "peak MiB");
            row(vm.snapshot(), heap, 0, 0);
            long start = System.nanoTime(), last = start;
            int lastDone = 0;
            for (int done = 0; done < tokens; ) {
                int n = Math.min(BATCH, tokens - done);
                CompletableFuture<Void> f = null;
                for (int i = 0; i < n; i++) f = vm.step();
                f.join();
                done += n;
                if (done % every == 0 || done == tokens) {
                    long now = System.nanoTime();
                    double rate = (done - lastDone) / ((now - last) / 1e9);
                    vm.idle().join();
                    row(vm.snapshot(), heap, rate, (now - start) / 1e9);
                    last = System.nanoTime(); // GC time is not stepping time
                    lastDone = done;
                }
            }
            ExplorerSnapshot s = vm.snapshot();
            if (s.error() != null) System.out.println("error: " + s.error());
        }
    }

    private static void row(ExplorerSnapshot s, MemoryMXBean heap, double rate, double elapsed) {
        heap.gc();
        heap.gc();
        MemoryUse m = s.memory();
        System.out.printf("%9d %10.1f MiB %7.1f MiB %7d %9d %10.0f %9.1fs %9d %9d%n", s.computed(),
                heap.getHeapMemoryUsage().getUsed() / 1048576.0, m.probeBytes() / 1048576.0, m.states(), m.stateSpacing(),
                rate, elapsed, ResidentMemory.nowMiB(), ResidentMemory.peakMiB());
    }
}
