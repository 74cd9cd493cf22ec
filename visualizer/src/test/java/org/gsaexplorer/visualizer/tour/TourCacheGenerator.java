package org.gsaexplorer.visualizer.tour;

import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.backend.Backends;
import org.gsaexplorer.model.weights.Checkpoint;
import org.gsaexplorer.visualizer.catalog.ModelCatalog;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Measures the tour's recall numbers on the bundled sample, as the explorer does live (nd4j, the default backend), and
 * writes them as the cache entry shipped with the explorer, replacing the previous one. Not part of the test run (the
 * name does not end in Test); after changing the sample or the measurement, regenerate with
 * {@code mvn -o test -pl visualizer -am -Dtest=TourCacheGenerator -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class TourCacheGenerator {
    static final Path SHIPPED = Path.of("src/main/resources/org/gsaexplorer/visualizer/tour");

    @Test
    void measureTheSampleAndWriteTheShippedEntry() throws IOException {
        Path sample = ModelCatalog.findSamples(Path.of(""), null).resolve("mqar-gsa-tiny/model");
        int sequences = TourViewModel.DEFAULT_SEQUENCES;
        RecallMeasurements m = new RecallMeasurements(sequences);
        try (Checkpoint ck = Checkpoint.open(sample); LoadedModel model = Backends.create("nd4j").load(ck)) {
            m.measure(model, () -> false, () -> System.out.println("measured " + m.values().size() + " of 18"));
        }
        assertTrue(m.complete());
        try (Stream<Path> old = Files.list(SHIPPED)) {
            for (Path p : old.filter(p -> p.getFileName().toString().startsWith("tour-recall-")).toList()) Files.delete(p);
        }
        new TourCache(SHIPPED).store(new TourCache.Measurement(TourCache.key(sample, sequences), sequences, LocalDate.now(), m.values()));
    }
}
