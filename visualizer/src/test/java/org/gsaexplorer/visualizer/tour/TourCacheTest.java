package org.gsaexplorer.visualizer.tour;

import org.gsaexplorer.visualizer.catalog.ModelCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** The tour's measurement cache: content-hash keys, the round trip and its label, misses, junk, the shipped entry. */
class TourCacheTest {
    static final Path SAMPLE = ModelCatalog.findSamples(Path.of(""), null).resolve("mqar-gsa-tiny/model");
    static final Path SHIPPED = Path.of("src/main/resources/org/gsaexplorer/visualizer/tour");

    @TempDir
    Path tmp;

    /** Every setting at every pair count measured as {@code a}. */
    static Map<String, Double> all(double a) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String s : RecallMeasurements.SETTINGS)
            for (int pairs : RecallMeasurements.PAIRS) m.put(RecallMeasurements.key(s, pairs), a);
        return m;
    }

    @Test
    void theKeyFollowsTheCheckpointsContentAndTheSettingsNotItsFolder() throws IOException {
        Path copy = Files.createDirectory(tmp.resolve("copy"));
        try (Stream<Path> files = Files.list(SAMPLE)) {
            for (Path f : files.toList()) Files.copy(f, copy.resolve(f.getFileName()));
        }
        String key = TourCache.key(SAMPLE, 100);
        assertEquals(64, key.length());
        assertEquals(key, TourCache.key(copy, 100), "the same checkpoint in another folder");
        assertNotEquals(key, TourCache.key(SAMPLE, 10), "another number of sequences");
        try (var ch = Files.newByteChannel(copy.resolve("model.safetensors"), StandardOpenOption.WRITE)) {
            ch.position(Files.size(copy.resolve("model.safetensors")) - 1);
            ch.write(java.nio.ByteBuffer.wrap(new byte[]{42}));
        }
        assertNotEquals(key, TourCache.key(copy, 100), "one weight byte changed");
    }

    @Test
    void aStoredMeasurementIsFoundWithItsLabelAndAnotherKeyMisses() throws IOException {
        Path dir = tmp.resolve("not-yet-made");
        TourCache cache = new TourCache(dir);
        String key = "a".repeat(64);
        assertTrue(cache.find(key).isEmpty());
        cache.store(new TourCache.Measurement(key, 100, LocalDate.of(2025, 3, 14), all(0.75)));
        TourCache.Measurement m = cache.find(key).orElseThrow();
        assertEquals(0.75, m.accuracy("readout=relu", 32).orElseThrow());
        assertEquals(all(0.75), m.accuracy());
        assertEquals("cached: measured on this checkpoint, 100 sequences per setting, 2025-03-14", m.label());
        assertTrue(cache.find("b".repeat(64)).isEmpty());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(TourCache.fileName(key)), files.map(p -> p.getFileName().toString()).toList(), "nothing left from the write");
        }
    }

    @Test
    void junkIsIgnoredWithoutAnError() throws IOException {
        TourCache cache = new TourCache(tmp);
        String key = "c".repeat(64), other = "d".repeat(64);
        Map<String, Double> gap = all(0.5);
        gap.remove("slots=8@16");
        Map<String, Double> outOfRange = all(0.5);
        outOfRange.put("baseline@8", 1.5);
        List<String> junk = List.of("", "not json", "{}", "[1, 2]",
                new String(TourCache.json(new TourCache.Measurement(other, 100, LocalDate.of(2025, 1, 2), all(0.5)))),
                new String(TourCache.json(new TourCache.Measurement(key, 100, LocalDate.of(2025, 1, 2), gap))),
                new String(TourCache.json(new TourCache.Measurement(key, 100, LocalDate.of(2025, 1, 2), outOfRange))),
                new String(TourCache.json(new TourCache.Measurement(key, 100, LocalDate.of(2025, 1, 2), all(0.5)))).replace("2025-01-02", "yesterday"));
        for (String j : junk) {
            Files.writeString(tmp.resolve(TourCache.fileName(key)), j);
            assertTrue(cache.find(key).isEmpty(), j);
        }
    }

    @Test
    void theShippedEntryIsForTheSampleAsItIsNow() throws IOException {
        String key = TourCache.key(SAMPLE, TourViewModel.DEFAULT_SEQUENCES);
        assertNotNull(TourCache.class.getResource(TourCache.fileName(key)),
                "no shipped entry for the sample's current content: regenerate it with TourCacheGenerator");
        try (Stream<Path> files = Files.list(SHIPPED)) {
            assertEquals(List.of(TourCache.fileName(key)), files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("tour-recall-")).toList(),
                    "only the current sample's entry is shipped");
        }
        // an empty user cache finds the shipped entry; so does one whose entry is junk
        TourCache.Measurement m = new TourCache(tmp).find(key).orElseThrow();
        Files.writeString(tmp.resolve(TourCache.fileName(key)), "{ broken");
        assertEquals(m, new TourCache(tmp).find(key).orElseThrow());
        assertEquals(TourViewModel.DEFAULT_SEQUENCES, m.sequences());
        for (String s : RecallMeasurements.SETTINGS)
            for (int pairs : RecallMeasurements.PAIRS) assertTrue(m.accuracy(s, pairs).isPresent(), s + " at " + pairs);
        assertTrue(m.accuracy("baseline", 8).orElseThrow() > 0.95);
    }

    @Test
    void theUserCacheFolderIsThePropertyThenXdgThenHome() {
        Path home = Path.of("/home/someone");
        assertEquals(Path.of("/tmp/c"), TourCache.userDir("/tmp/c", "/xdg", home));
        assertEquals(Path.of("/xdg/gsa-explorer"), TourCache.userDir(null, "/xdg", home));
        assertEquals(Path.of("/home/someone/.cache/gsa-explorer"), TourCache.userDir(null, "", home));
    }
}
