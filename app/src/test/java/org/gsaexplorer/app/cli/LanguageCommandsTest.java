package org.gsaexplorer.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.gsaexplorer.model.io.NpyArray;
import org.gsaexplorer.model.io.Npz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.gsaexplorer.app.cli.HardeningCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** generate and eval on the bundled byte-level Rust model, and their one-line errors. */
class LanguageCommandsTest {
    static final Path RUST = TraceCommandTest.repoRoot().resolve("samples/rust-docs-gsa");
    static final String MODEL = RUST.resolve("model").toString();

    @TempDir
    Path tmp;

    /** Greedy continuations reproduce the ones the training run saved (sample.json), as text. */
    @Test
    void greedyGenerationMatchesTheTrainingRunsSamples() throws IOException {
        JsonNode samples = new ObjectMapper().readTree(RUST.resolve("sample.json").toFile()).get("greedy_samples");
        for (String prompt : new String[]{"fn main() {\n    let x = ", "Ownership is "}) {
            String expected = samples.get(prompt).asText().substring(prompt.length());
            HardeningCliTest.Result r = cli("generate", "--model", MODEL, "--prompt", prompt, "--tokens", "" + expected.length());
            assertEquals(0, r.code(), r.err());
            assertEquals(expected + System.lineSeparator(), r.out());
            assertTrue(r.err().contains("tokens/s"), r.err());
        }
    }

    /** trace --prompt on the Rust sample, text through its tokenizer, gives the fixture's float64 logits within 1e-4. */
    @Test
    void tracePromptMatchesTheFixture() {
        Map<String, NpyArray> fx = Npz.read(RUST.resolve("fixture.npz"));
        int[] ids = fx.get("input_ids").toInts();
        byte[] raw = new byte[ids.length];
        for (int i = 0; i < raw.length; i++) raw[i] = (byte) ids[i];
        for (String backend : new String[]{"reference", "nd4j", "vector"}) {
            Path out = tmp.resolve(backend + ".npz");
            HardeningCliTest.Result r = cli("trace", "--model", MODEL, "--backend", backend, "--prompt",
                    new String(raw, StandardCharsets.UTF_8), "--layers", "none", "--out", out.toString());
            assertEquals(0, r.code(), r.err());
            Map<String, NpyArray> got = Npz.read(out);
            assertArrayEquals(ids, got.get("input_ids").toInts());
            double[] want = fx.get("logits_ref").data(), logits = got.get("logits").data();
            double worst = 0;
            for (int i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(want[i] - logits[i]));
            assertTrue(worst < 1e-4, backend + ": max |Δlogit| " + worst);
        }
    }

    @Test
    void samplingIsDeterministicForASeed() {
        String[] a = {"generate", "--model", MODEL, "--prompt", "let mut ", "--tokens", "40", "--temperature", "1.0", "--top-k", "20", "--seed", "3"};
        HardeningCliTest.Result one = cli(a), two = cli(a);
        assertEquals(0, one.code(), one.err());
        assertEquals(one.out(), two.out());
        a[a.length - 1] = "4";
        assertNotEquals(one.out(), cli(a).out());
    }

    @Test
    void evalPrintsBitsPerTokenAndPerByte() {
        HardeningCliTest.Result r = cli("eval", "--model", MODEL, "--data", RUST.resolve("heldout.txt").toString(), "--window", "64", "--max-tokens", "1025");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("16 windows of 64 (1024 predicted)"), r.out());
        double bpt = Double.parseDouble(r.out().lines().filter(l -> l.startsWith("bits_per_token: ")).findFirst().orElseThrow().substring(16));
        double bpb = Double.parseDouble(r.out().lines().filter(l -> l.startsWith("bits_per_byte: ")).findFirst().orElseThrow().substring(15));
        assertEquals(bpt, bpb);
        assertTrue(bpt > 1 && bpt < 3, "bits per byte " + bpt);
    }

    @Test
    void badInputsAreOneLineAndExitTwo() throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty.txt")), shortFile = Files.writeString(tmp.resolve("short.txt"), "fn x");
        String[][] cases = {
                {"eval", "--model", MODEL, "--data", empty.toString()},
                {"eval", "--model", MODEL, "--data", tmp.resolve("missing.txt").toString()},
                {"eval", "--model", MODEL, "--data", shortFile.toString()},
                {"eval", "--model", MODEL, "--data", shortFile.toString(), "--window", "0"},
                {"generate", "--model", MODEL, "--prompt", ""},
                {"generate", "--model", MODEL, "--prompt", "x", "--tokens", "0"},
                {"generate", "--model", MODEL, "--prompt", "x", "--temperature", "-1"},
                {"generate", "--model", TraceCommandTest.SAMPLE.toString(), "--prompt", "k999"},
        };
        for (String[] c : cases) {
            HardeningCliTest.Result r = cli(c);
            assertEquals(2, r.code(), String.join(" ", c) + ": " + r.err());
            assertTrue(r.err().startsWith("error: ") && r.err().strip().lines().count() == 1, String.join(" ", c) + ": " + r.err());
        }
    }
}
