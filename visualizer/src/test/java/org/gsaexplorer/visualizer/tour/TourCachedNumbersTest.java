package org.gsaexplorer.visualizer.tour;

import org.gsaexplorer.visualizer.recall.SampleFixture;
import org.gsaexplorer.visualizer.tasks.BackgroundTasks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The tour with its cache, without JavaFX (2 sequences per setting, work on the caller's thread): cached numbers at
 * once and labelled, replaced by live ones; junk ignored; cancel stops the measurement and caches nothing.
 */
class TourCachedNumbersTest {
    static SampleFixture sample;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        sample = new SampleFixture();
    }

    @AfterAll
    static void close() {
        sample.close();
    }

    TourViewModel tour(TourCache cache) {
        Path dir = sample.checkpoint.dir();
        return new TourViewModel(() -> sample.model, SampleFixture::token, t -> { }, new BackgroundTasks(Runnable::run, Runnable::run), 2,
                m -> m == sample.model ? dir : null, cache);
    }

    static String key() {
        return TourCache.key(sample.checkpoint.dir(), 2);
    }

    @Test
    void cachedNumbersShowAtOnceMarkedThenTheLiveOnesReplaceThemAndTheCache() {
        TourCache cache = new TourCache(tmp);
        cache.store(new TourCache.Measurement(key(), 2, LocalDate.of(2024, 5, 1), TourCacheTest.all(0.5)));
        TourViewModel tour = tour(cache);
        List<TourState> seen = new ArrayList<>();
        tour.addListener(seen::add);
        tour.start().join();

        assertEquals("running the demo sequence…", seen.getFirst().status(), "the start shows the new run before anything is found");
        TourState first = seen.get(1);
        assertFalse(first.ready(), "the cached numbers come before the demo");
        assertEquals("cached: measured on this checkpoint, 2 sequences per setting, 2024-05-01 · running the demo sequence…", first.status());
        assertTrue(first.steps().getFirst().text().contains("answers 50.0 % / 50.0 % / 50.0 % (cached) of queries"), first.steps().getFirst().text());
        assertTrue(first.steps().getLast().text().contains("Numbers marked (cached) were measured on this checkpoint earlier (2 sequences per setting, 2024-05-01)"));
        // the demo, the patching step, then the first live setting: baseline at 8 pairs is live, its 16 and 32 still cached
        TourState partly = seen.get(4);
        assertTrue(partly.steps().getFirst().text().contains("50.0 % / 50.0 % (partly cached)"), partly.steps().getFirst().text());
        assertTrue(partly.status().endsWith("measuring live: 1 of 18 settings (2 sequences each)"), partly.status());

        TourState last = tour.state();
        assertEquals("measured live: 2 sequences per setting", last.status());
        assertFalse(last.measuring());
        for (TourStep s : last.steps()) assertFalse(s.text().contains("cached"), s.text());
        TourCache.Measurement stored = cache.find(key()).orElseThrow();
        assertEquals(LocalDate.now(), stored.measured());
        assertEquals(tour.measurements().values(), stored.accuracy());
    }

    @Test
    void aJunkEntryIsIgnored() throws IOException {
        Files.writeString(tmp.resolve(TourCache.fileName(key())), "{\"format\": \"gsa-explorer-tour-recall\", \"accuracy\": 7}");
        TourViewModel tour = tour(new TourCache(tmp));
        List<TourState> seen = new ArrayList<>();
        tour.addListener(seen::add);
        tour.start().join();
        assertTrue(seen.get(1).ready(), "no cached numbers: the first publication after the start's is the demo");
        assertEquals("measured live: 2 sequences per setting", tour.state().status());
    }

    @Test
    void cancelStopsTheMeasurementKeepsWhatWasMeasuredAndCachesNothing() {
        TourCache cache = new TourCache(tmp);
        TourViewModel tour = tour(cache);
        List<Boolean> measuring = new ArrayList<>();
        tour.addListener(s -> {
            measuring.add(s.measuring());
            if (tour.measurements().values().size() == 1) tour.cancel();
        });
        tour.start().join();
        TourState s = tour.state();
        assertEquals("measuring stopped: 1 of 18 settings (2 sequences each)", s.status());
        assertFalse(s.measuring());
        assertTrue(measuring.getFirst(), "the Cancel control is on while measuring");
        assertEquals(1, tour.measurements().values().size());
        assertTrue(cache.find(key()).isEmpty(), "an incomplete measurement is not cached");
    }
}
