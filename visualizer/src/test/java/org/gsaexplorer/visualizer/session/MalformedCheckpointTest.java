package org.gsaexplorer.visualizer.session;

import org.gsaexplorer.visualizer.catalog.ModelCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The explorer shows the same one line as the CLI ("error: " + this) for a checkpoint of the malformed corpus
 * (model/src/test/resources/malformed, one folder per defect with its expected message), and keeps the model it had.
 */
class MalformedCheckpointTest {
    static final Path CORPUS = ModelCatalog.findSamples(Path.of(""), null).toAbsolutePath().getParent()
            .resolve("model/src/test/resources/malformed");

    ExplorerViewModel vm;

    @BeforeEach
    void open() {
        vm = new ExplorerViewModel();
        vm.open(ExplorerViewModelTest.SAMPLE, "reference", "k1 v1", -1).join();
    }

    @AfterEach
    void close() {
        vm.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"truncated-data", "offsets-overlap", "wrong-shape", "non-finite-weight", "config-negative-heads",
            "index-missing-shard", "pickle-only"})
    void theSnapshotCarriesTheCorpusMessageAndThePreviousModelStays(String name) throws IOException {
        Path dir = CORPUS.resolve(name);
        String expected = Files.readString(dir.resolve("expected-error.txt")).strip().replace("{dir}", dir.toString());
        assertThrows(CompletionException.class, () -> vm.open(dir, "reference", "k1 v1 k1", -1).join());
        vm.idle().join();
        ExplorerSnapshot s = vm.snapshot();
        assertEquals(expected, s.error());
        assertNull(s.loading());
        assertEquals(ExplorerViewModelTest.SAMPLE, s.model().dir(), "the previous model stays");
        assertEquals(2, s.computed());
    }

    @org.junit.jupiter.api.Test
    void activationsThatOverflowAreRefusedNotRendered() throws IOException {
        Path dir = CORPUS.resolve("overflowing-activations");
        String expected = Files.readString(dir.resolve("expected-trace-error.txt")).strip();
        assertThrows(CompletionException.class, () -> vm.open(dir, "reference", "0 1 2", -1).join());
        vm.idle().join();
        ExplorerSnapshot s = vm.snapshot();
        assertTrue(s.error().contains(expected), s.error());
        assertEquals(ExplorerViewModelTest.SAMPLE, s.model().dir(), "the previous model stays");
    }
}
