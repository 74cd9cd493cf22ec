package org.gsaexplorer.app.cli;

import org.gsaexplorer.model.io.Npz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLI against hostile inputs: every checkpoint of the malformed corpus (model/src/test/resources/malformed, one
 * folder per defect with its expected message) gives exit code 2 and exactly one "error: ..." line, and no output file,
 * finished or partial, is ever left behind; an existing output is only replaced with --force, and then atomically.
 */
class HardeningCliTest {
    @TempDir
    Path tmp;

    static final Path CORPUS = TraceCommandTest.repoRoot().resolve("model/src/test/resources/malformed");
    static final Path SAMPLE = TraceCommandTest.SAMPLE;

    record Result(int code, String out, String err) {
    }

    static Result cli(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    static Result trace(Path model, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("trace", "--model", model.toString(), "--backend", "reference",
                "--ids", "1,2,3", "--out", out.toString()));
        args.addAll(List.of(extra));
        return cli(args.toArray(String[]::new));
    }

    static String expected(Path caseDir, String file) throws IOException {
        return Files.readString(caseDir.resolve(file)).strip().replace("{dir}", caseDir.toString());
    }

    private void assertFailsWith(String message, Result r, String what) throws IOException {
        assertEquals(2, r.code(), what + ": " + r.err());
        assertEquals("error: " + message + System.lineSeparator(), r.err(), what);
        assertEquals("", r.out(), what);
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), what + ": files left behind");
        }
    }

    @Test
    void everyMalformedCheckpointIsOneErrorLineExitCode2AndNoFile() throws IOException {
        List<Path> cases;
        try (Stream<Path> s = Files.list(CORPUS)) {
            cases = s.filter(Files::isDirectory).sorted().toList();
        }
        assertTrue(cases.size() >= 30, cases.size() + " cases in " + CORPUS);
        for (Path dir : cases) {
            String name = dir.getFileName().toString();
            Path out = tmp.resolve(name + ".npz");
            if (Files.exists(dir.resolve("expected-error.txt"))) {
                String msg = expected(dir, "expected-error.txt");
                assertFailsWith(msg, trace(dir, out), "trace " + name);
                assertFailsWith(msg, cli("info", "--model", dir.toString()), "info " + name);
            } else {
                // opens fine but overflows when run: trace must refuse rather than write NaN
                assertFailsWith(expected(dir, "expected-trace-error.txt"), trace(dir, out), "trace " + name);
            }
        }
    }

    @Test
    void missingOutputFolderIsRefusedAndNothingIsCreated() throws IOException {
        Path out = tmp.resolve("no/such/folder/t.npz");
        assertFailsWith(out + ": folder " + out.getParent() + " does not exist", trace(SAMPLE, out), "missing folder");
    }

    @Test
    void existingOutputIsKeptWithoutForceAndReplacedAtomicallyWithIt() throws IOException {
        Path out = tmp.resolve("keep.npz");
        Files.writeString(out, "precious");
        Result r = trace(SAMPLE, out);
        assertEquals(2, r.code(), r.err());
        assertEquals("error: " + out + ": already exists (use --force to overwrite it)" + System.lineSeparator(), r.err());
        assertEquals("precious", Files.readString(out));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(out), s.toList());
        }

        // A reader that opened the old file keeps reading all of it: --force renames a new file over it, never rewrites it in place.
        try (InputStream old = Files.newInputStream(out)) {
            r = trace(SAMPLE, out, "--force");
            assertEquals(0, r.code(), r.err());
            assertEquals("precious", new String(old.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(3, Npz.read(out).get("input_ids").size());
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(out), s.toList(), "no temporary file left");
        }
        assertFalse(r.err().contains("error"), r.err());
    }
}
