package org.gsaexplorer.app.cli;

import org.gsaexplorer.model.io.NpyArray;
import org.gsaexplorer.model.io.Npz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trace command's file contract and its one-line errors. */
class TraceCommandTest {
    @TempDir
    Path tmp;

    static final Path SAMPLE = repoRoot().resolve("samples/mqar-gsa-tiny/model");

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(p.resolve("samples"))) p = p.getParent();
        return p;
    }

    record Result(int code, String out, String err) {
    }

    static Result cli(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void writesTheDocumentedArrays() {
        Path out = tmp.resolve("t.npz");
        Result r = cli("trace", "--model", SAMPLE.toString(), "--backend", "reference", "--prompt", "k1 v2 k2 v3 k1",
                "--mode", "step", "--layers", "1", "--ablate", "slots=32", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        Map<String, NpyArray> a = Npz.read(out);
        assertArrayEquals(new int[]{5}, a.get("input_ids").shape());
        assertArrayEquals(new int[]{1, 130, 2, 131, 1}, a.get("input_ids").toInts());
        assertArrayEquals(new int[]{5, 256}, a.get("logits").shape());
        assertArrayEquals(new int[]{1}, a.get("layers").toInts());
        for (String k : new String[]{"alpha", "write", "key_norm", "value_norm", "readout", "readout_logits"})
            assertArrayEquals(new int[]{1, 2, 5, 64}, a.get(k).shape(), k);
        NpyArray readout = a.get("readout");
        for (int h = 0; h < 2; h++)
            for (int t = 0; t < 5; t++) {
                double sum = 0;
                for (int m = 0; m < 64; m++) sum += readout.get(0, h, t, m);
                assertEquals(1.0, sum, 1e-5);
                assertEquals(0.0, readout.get(0, h, t, 40));
            }
    }

    @Test
    void badInputIsOneLineAndExitCode2WithNoFileLeft() {
        Path out = tmp.resolve("bad.npz");
        String[][] cases = {
                {"--model", tmp.resolve("missing").toString(), "--ids", "1,2"},
                {"--model", SAMPLE.toString(), "--ids", "1,999"},
                {"--model", SAMPLE.toString(), "--prompt", "k1 banana"},
                {"--model", SAMPLE.toString(), "--ids", "1", "--ablate", "slots=0"},
                {"--model", SAMPLE.toString(), "--ids", "1", "--layers", "7"},
                {"--model", SAMPLE.toString(), "--ids", "1", "--mode", "fast"},
                {"--model", SAMPLE.toString(), "--ids", "1", "--backend", "quantum"},
        };
        for (String[] c : cases) {
            String[] args = new String[c.length + 3];
            args[0] = "trace";
            System.arraycopy(c, 0, args, 1, c.length);
            args[c.length + 1] = "--out";
            args[c.length + 2] = out.toString();
            Result r = cli(args);
            assertEquals(2, r.code(), String.join(" ", c));
            assertTrue(r.err().startsWith("error: "), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(Files.exists(out), "no output after " + r.err());
        }
    }

    @Test
    void refusesToOverwriteWithoutForce() throws Exception {
        Path out = tmp.resolve("keep.npz");
        Files.writeString(out, "precious");
        Result r = cli("trace", "--model", SAMPLE.toString(), "--backend", "reference", "--ids", "1,2", "--out", out.toString());
        assertEquals(2, r.code());
        assertEquals("precious", Files.readString(out));
        r = cli("trace", "--model", SAMPLE.toString(), "--backend", "reference", "--ids", "1,2", "--out", out.toString(), "--force");
        assertEquals(0, r.code(), r.err());
        assertEquals(2, Npz.read(out).get("input_ids").size());
    }

    @Test
    void infoDescribesTheSample() {
        Result r = cli("info", "--model", SAMPLE.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("626,560"), r.out());
        assertTrue(r.out().contains("tokenizer.json"), r.out());
    }
}
