package org.gsaexplorer.model.weights;

import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.backend.Backends;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.NumericGuard;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.run.TraceRunner;
import org.gsaexplorer.model.Backend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each stored malformed checkpoint fails with exactly its message, and the stored corpus is what {@link MalformedCorpus} writes. */
class MalformedCorpusTest {
    @TempDir
    Path tmp;

    static Path stored() {
        try {
            return Path.of(MalformedCorpusTest.class.getResource("/malformed").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String expected(Path caseDir, String file) throws IOException {
        return Files.readString(caseDir.resolve(file)).strip().replace(MalformedCorpus.DIR, caseDir.toString());
    }

    @Test
    void storedCorpusIsWhatTheGeneratorWrites() throws IOException {
        if (Boolean.getBoolean("gsa.corpus.write")) MalformedCorpus.writeAll(Path.of("src/test/resources/malformed"));
        MalformedCorpus.writeAll(tmp);
        List<Path> fresh = files(tmp), old = files(stored());
        assertEquals(fresh.stream().map(tmp::relativize).toList(), old.stream().map(stored()::relativize).toList(),
                "regenerate with -Dgsa.corpus.write=true");
        for (Path f : fresh)
            assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(stored().resolve(tmp.relativize(f))), f.toString());
    }

    @Test
    void everyMalformedCheckpointFailsWithItsOneLineMessage() throws IOException {
        int n = 0;
        for (String name : MalformedCorpus.cases().keySet()) {
            Path dir = stored().resolve(name);
            if (!Files.exists(dir.resolve(MalformedCorpus.EXPECTED))) continue;
            GsaException e = assertThrows(GsaException.class, () -> Checkpoint.open(dir).close(), name);
            assertEquals(expected(dir, MalformedCorpus.EXPECTED), e.getMessage(), name);
            n++;
        }
        assertTrue(n >= 30, n + " cases");
    }

    @Test
    void overflowingActivationsAreNamedByTheGuard() throws IOException {
        Path dir = stored().resolve("overflowing-activations");
        try (Checkpoint ck = Checkpoint.open(dir); Backend b = Backends.create("reference"); LoadedModel m = b.load(ck)) {
            ForwardResult r = TraceRunner.run(m, new int[]{1, 2, 3}, false, Ablations.NONE, ProbeSpec.all(1));
            GsaException e = assertThrows(GsaException.class, () -> NumericGuard.check(r));
            assertEquals(expected(dir, MalformedCorpus.EXPECTED_TRACE), e.getMessage());
        }
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
