package org.gsaexplorer.app.cli;

import org.gsaexplorer.model.backend.Backends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recall command's output line for scripts and its one-line errors. */
class RecallCommandTest {
    static final Path SAMPLE = TraceCommandTest.repoRoot().resolve("samples/mqar-gsa-tiny/model");
    static final String BACKEND = Backends.names().contains("nd4j") ? "nd4j" : "reference";
    static final Pattern ACCURACY = Pattern.compile("(?m)^accuracy: (\\d\\.\\d{4})$");

    record Result(int code, String out, String err) {
    }

    static Result cli(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    static double accuracy(Result r) {
        Matcher m = ACCURACY.matcher(r.out());
        assertTrue(m.find(), r.out());
        return Double.parseDouble(m.group(1));
    }

    @Test
    void printsTheAccuracyLine() {
        Result r = cli("recall", "--model", SAMPLE.toString(), "--backend", BACKEND, "--pairs", "8", "--sequences", "20", "--seed", "5");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertTrue(accuracy(r) > 0.95, r.out());
        assertTrue(r.out().contains("of 1120 queries"), r.out());
    }

    @Test
    void ablationLowersTheAccuracy() {
        Result r = cli("recall", "--model", SAMPLE.toString(), "--backend", BACKEND, "--pairs", "16", "--sequences", "20",
                "--ablate", "no-forget", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("ablations:  no-forget"), r.out());
        assertTrue(accuracy(r) < 0.7, r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "64", "65", "-3"})
    void badPairCountIsOneLine(String pairs) {
        Result r = cli("recall", "--model", SAMPLE.toString(), "--backend", BACKEND, "--pairs", pairs);
        assertEquals(Cli.EXIT_BAD_INPUT, r.code());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: --pairs " + pairs + ": must be 1..63"), r.err());
    }

    @Test
    void badSequenceCountAndAblationAreOneLine() {
        for (String[] extra : new String[][]{{"--sequences", "0"}, {"--ablate", "forget-less"}, {"--pairs", "many"}}) {
            Result r = cli("recall", "--model", SAMPLE.toString(), "--backend", BACKEND, extra[0], extra[1]);
            assertEquals(Cli.EXIT_BAD_INPUT, r.code(), String.join(" ", extra));
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("error: "), r.err());
        }
    }
}
