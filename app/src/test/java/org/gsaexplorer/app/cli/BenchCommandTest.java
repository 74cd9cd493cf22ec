package org.gsaexplorer.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.gsaexplorer.bench.BenchFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.gsaexplorer.app.cli.TraceCommandTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench command's files and its one-line errors (exit 2). Runs on the tiny shape with a few tokens. */
class BenchCommandTest {
    @TempDir
    Path tmp;

    private static final String[] QUICK = {"--backend", "reference", "--prompt-len", "8", "--gen", "2", "--contexts", "32,64", "--reps", "1"};

    private static String[] args(String... extra) {
        String[] a = new String[1 + QUICK.length + extra.length];
        a[0] = "bench";
        System.arraycopy(QUICK, 0, a, 1, QUICK.length);
        System.arraycopy(extra, 0, a, 1 + QUICK.length, extra.length);
        return a;
    }

    @Test
    void writesJsonAndPrintsTheTable() throws Exception {
        Path out = tmp.resolve("bench.json");
        TraceCommandTest.Result r = cli(args("--shape", "tiny", "--out", out.toString()));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Decode") && r.out().contains("transformer") && r.out().contains("gla"), r.out());
        JsonNode doc = new ObjectMapper().readTree(out.toFile());
        assertEquals("tiny", doc.get("measured").get("shape").asText());
        assertEquals(6, doc.get("measured").get("decode").size());
        assertTrue(doc.get("measured").get("copyGBps").get("median").asDouble() > 0);
    }

    @Test
    void writesCsvFromTheSampleModelsShape() throws Exception {
        Path out = tmp.resolve("bench.csv");
        Path sample = TraceCommandTest.SAMPLE;
        TraceCommandTest.Result r = cli(args("--model", sample.toString(), "--random-weights", "--dtype", "bf16", "--arch", "gsa,gla", "--out", out.toString()));
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(BenchFiles.CSV_HEADER, lines.getFirst());
        // copy and GEMM rates, 2 ceilings, 2 prefills, 2 × 2 decodes, GSA's probed decode and probe overhead at 2 contexts
        assertEquals(1 + 2 + 2 + 2 + 4 + 4, lines.size());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("probe_overhead,gsa,")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("gemm,,blas,")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("decode,gla,java,64,")), lines.toString());
    }

    @Test
    void badArgumentsExitWithCodeTwoAndOneLine() throws Exception {
        for (String[] bad : List.of(
                new String[]{"bench", "--shape", "gsa-9b"},
                new String[]{"bench", "--arch", "gsa,rnn"},
                new String[]{"bench", "--dtype", "int8"},
                new String[]{"bench", "--contexts", "1k,lots"},
                new String[]{"bench", "--reps", "0"},
                new String[]{"bench", "--random-weights"},
                new String[]{"bench", "--out", tmp.resolve("bench.txt").toString()},
                new String[]{"bench", "--shape", "tiny", "--model", "x"})) {
            TraceCommandTest.Result r = cli(bad);
            assertEquals(2, r.code(), String.join(" ", bad) + ": " + r.err());
            assertTrue(r.err().startsWith("error: "), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        Path existing = Files.writeString(tmp.resolve("old.json"), "{}");
        TraceCommandTest.Result r = cli(args("--out", existing.toString()));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--force"), r.err());
        assertEquals("{}", Files.readString(existing));
        assertFalse(Files.exists(tmp.resolve("bench.txt")));
    }
}
