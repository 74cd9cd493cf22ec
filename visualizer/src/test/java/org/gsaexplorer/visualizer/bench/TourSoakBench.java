package org.gsaexplorer.visualizer.bench;

import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.backend.Backends;
import org.gsaexplorer.model.weights.Checkpoint;
import org.gsaexplorer.visualizer.catalog.ModelCatalog;
import org.gsaexplorer.visualizer.tasks.BackgroundTasks;
import org.gsaexplorer.visualizer.tour.TourCache;
import org.gsaexplorer.visualizer.tour.TourViewModel;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of the whole recall tour: the demo and every live measurement (each setting × 8/16/32 pairs ×
 * {@code sequences} sequences), measured afresh (an empty cache folder), on the explorer's background tasks, stepping
 * through every page. Prints the peak RSS (VmHWM) at the end. Run with the launcher's JVM options
 * ({@code ./gsa-explorer jvm-options}): {@code java OPTIONS -cp ... org.gsaexplorer.visualizer.bench.TourSoakBench [sequences] [backend]}
 */
public final class TourSoakBench {
    public static void main(String[] args) throws Exception {
        int sequences = args.length > 0 ? Integer.parseInt(args[0]) : TourViewModel.DEFAULT_SEQUENCES;
        String backend = args.length > 1 ? args[1] : "nd4j";
        Path sample = ModelCatalog.findSamples(Path.of(""), null).resolve("mqar-gsa-tiny/model");
        Path cacheDir = Files.createTempDirectory("tour-soak");
        long start = System.nanoTime();
        try (Checkpoint ckpt = Checkpoint.open(sample); LoadedModel model = Backends.create(backend).load(ckpt);
             BackgroundTasks tasks = BackgroundTasks.threads(Runnable::run)) {
            TourViewModel tour = new TourViewModel(() -> model, Integer::toString, t -> { }, tasks, sequences,
                    m -> sample, new TourCache(cacheDir));
            tour.start().join();
            for (int i = 0; i < tour.state().steps().size(); i++) tour.go(i);
            while (!tour.measurements().complete()) Thread.sleep(200);
            System.out.printf("tour: %d sequences per setting on %s, %d measurements in %.0f s; RSS now %d MiB, peak %d MiB%n",
                    sequences, backend, tour.measurements().values().size(), (System.nanoTime() - start) / 1e9,
                    ResidentMemory.nowMiB(), ResidentMemory.peakMiB());
        }
    }
}
