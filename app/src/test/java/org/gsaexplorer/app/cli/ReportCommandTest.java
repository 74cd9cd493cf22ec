package org.gsaexplorer.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.gsaexplorer.app.cli.HardeningCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report command end to end on the Rust sample: its two files and their contract, data formats, bad input, Ctrl-C. */
class ReportCommandTest {
    static final Path RUST = LanguageCommandsTest.RUST;
    static final String MODEL = LanguageCommandsTest.MODEL, HELDOUT = RUST.resolve("heldout.txt").toString();
    static final List<String> KINDS = List.of("non_finite", "dead_slot", "readout_collapse", "amnesic_slot", "frozen_slot", "unread_slot");

    @TempDir
    Path tmp;

    private List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void writesASelfContainedPageAndTheJsonContract() throws Exception {
        Path html = tmp.resolve("health.html");
        HardeningCliTest.Result r = cli("report", "--model", MODEL, "--data", HELDOUT, "--max-tokens", "1025", "--window", "256", "--out", html.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("tokens/s") && r.err().contains("s left"), r.err());
        assertTrue(r.out().contains("findings: "), r.out());
        assertEquals(List.of(html, tmp.resolve("health.json")), files(tmp));

        JsonNode json = new ObjectMapper().readTree(tmp.resolve("health.json").toFile());
        assertEquals(MODEL, json.get("model").asText());
        assertEquals(1024, json.get("tokens").asLong());
        assertEquals(4, json.get("windows").asLong());
        // the same windows as eval's (4 × 256 predicted from 1,025 bytes), so the same figure
        HardeningCliTest.Result eval = cli("eval", "--model", MODEL, "--data", HELDOUT, "--window", "256", "--max-tokens", "1025");
        String bpt = eval.out().lines().filter(l -> l.startsWith("bits_per_token: ")).findFirst().orElseThrow().substring(16);
        assertEquals(Double.parseDouble(bpt), json.get("bits_per_token").asDouble(), 1e-4);
        assertEquals(4 * 4 * 64, json.get("slots").size());
        assertEquals(4 * 4, json.get("heads").size());
        JsonNode slot = json.get("slots").get(0);
        for (String field : List.of("layer", "head", "slot", "mean_write", "max_write", "mean_alpha", "median_half_life", "mean_readout",
                "mean_key_norm", "max_value_norm", "write_hist", "alpha_hist", "half_life_hist"))
            assertTrue(slot.has(field), field);
        int lastKind = 0;
        for (JsonNode f : json.get("findings")) {
            int kind = KINDS.indexOf(f.get("kind").asText());
            assertTrue(kind >= lastKind, "sorted by kind: " + f);
            lastKind = kind;
            for (String field : List.of("layer", "head", "slot", "detail", "evidence", "window")) assertTrue(f.has(field), field + " in " + f);
        }

        String page = Files.readString(html);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(html.toFile()); // well-formed
        assertEquals("html", doc.getDocumentElement().getTagName());
        assertEquals(4 * 3, doc.getElementsByTagName("svg").getLength() - 4 * 2, "three heatmaps and two histograms per layer");
        assertFalse(page.contains("<script") || page.contains("src=") || page.replace("http://www.w3.org/", "").contains("http"), "self-contained");
        if (!json.get("findings").isEmpty())
            assertTrue(page.contains("./gsa-explorer explore --model " + MODEL + " --prompt '"), "explorer command for the window");

        // an existing report is only replaced with --force
        HardeningCliTest.Result again = cli("report", "--model", MODEL, "--data", HELDOUT, "--max-tokens", "300", "--window", "256", "--out", html.toString());
        assertEquals(2, again.code());
        assertEquals("error: " + html + ": already exists (use --force to overwrite it)" + System.lineSeparator(), again.err());
        assertEquals(page, Files.readString(html));
    }

    @Test
    void readsJsonlRecordsAndFoldersOfFiles() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("a.txt"), "fn main() { println!(\"hi\"); }\n");
        Files.writeString(data.resolve("b.jsonl"), "{\"text\": \"let x = 5;\"}\n\n{\"text\": \"struct S;\", \"id\": 2}\n");
        Files.writeString(data.resolve("notes.md"), "not read");
        Path out = tmp.resolve("r.html");
        HardeningCliTest.Result r = cli("report", "--model", MODEL, "--data", data.toString(), "--window", "16", "--out", out.toString(),
                "--backend", "cuda", "--threads", "2");
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(tmp.resolve("r.json").toFile());
        // every document runs all its tokens but the last: 29 + 9 + 8, in windows of at most 16 (2 + 1 + 1)
        assertEquals(29 + 9 + 8, json.get("tokens").asLong());
        assertEquals(4, json.get("windows").asLong());
        assertTrue(List.of(org.gsaexplorer.model.backend.Backends.DEFAULT, "cuda").contains(json.get("backend").asText()));
        for (JsonNode f : json.get("findings"))
            if (!f.get("window").isNull())
                assertTrue(f.get("window").get("source").asText().matches(".*(a\\.txt|b\\.jsonl:[13])"), f.toString());
    }

    @Test
    void badDataIsOneErrorLineExitTwoAndNoFile() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data")), out = Files.createDirectories(tmp.resolve("out"));
        byte[] junk = new byte[4096];
        new Random(1).nextBytes(junk);
        Path binary = Files.write(data.resolve("junk.txt"), junk);
        Path nul = Files.writeString(data.resolve("nul.txt"), "text\0more");
        Path empty = Files.createFile(data.resolve("empty.txt"));
        Path badJson = Files.writeString(data.resolve("bad.jsonl"), "{\"text\": \"ok\"}\n{\"text\": \"unterminated}\n");
        Path noText = Files.writeString(data.resolve("notext.jsonl"), "{\"body\": \"x\"}\n");
        Path blank = Files.writeString(data.resolve("blank.jsonl"), "\n  \n");
        Path oneByte = Files.writeString(data.resolve("one.txt"), "x");
        Path emptyFolder = Files.createDirectories(tmp.resolve("nothing"));
        String html = out.resolve("r.html").toString();
        String[][] cases = {
                {"--data", binary.toString()}, {"--data", nul.toString()}, {"--data", empty.toString()},
                {"--data", badJson.toString()}, {"--data", noText.toString()}, {"--data", blank.toString()},
                {"--data", oneByte.toString()}, {"--data", emptyFolder.toString()}, {"--data", data.resolve("missing.txt").toString()},
                {"--data", HELDOUT, "--window", "0"}, {"--data", HELDOUT, "--frozen-alpha", "2"},
                {"--data", HELDOUT, "--max-tokens", "1"}, {"--data", HELDOUT, "--out", out.resolve("r.txt").toString()},
        };
        List<String> errors = new ArrayList<>();
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of("report", "--model", MODEL, "--out", html));
            args.addAll(List.of(c));
            HardeningCliTest.Result r = cli(args.toArray(String[]::new));
            String what = String.join(" ", c);
            assertEquals(2, r.code(), what + ": " + r.err());
            assertTrue(r.err().startsWith("error: ") && r.err().strip().lines().count() == 1, what + ": " + r.err());
            assertEquals(List.of(), files(out), what + ": files left behind");
            errors.add(r.err().strip());
        }
        assertTrue(errors.get(0).endsWith("junk.txt: not UTF-8 text (binary data?)"), errors.get(0));
        assertTrue(errors.get(1).contains("NUL character"), errors.get(1));
        assertTrue(errors.get(2).endsWith("empty.txt: the file is empty"), errors.get(2));
        assertTrue(errors.get(3).contains("bad.jsonl line 2: not valid JSON"), errors.get(3));
        assertTrue(errors.get(4).endsWith("notext.jsonl line 1: not a JSON object with a string field \"text\""), errors.get(4));
    }

    /** An interrupt (what Ctrl-C does through the shutdown hook) stops the run at the next window and writes nothing. */
    @Test
    void anInterruptedReportLeavesNoFile() throws Exception {
        StringWriter out = new StringWriter(), err = new StringWriter();
        AtomicInteger code = new AtomicInteger(-1);
        Thread t = new Thread(() -> code.set(Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), "report", "--model", MODEL,
                "--data", HELDOUT, "--max-tokens", "40000", "--window", "128", "--threads", "1", "--out", tmp.resolve("r.html").toString())));
        t.start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!err.toString().contains("window 1/") && System.nanoTime() < deadline) Thread.sleep(20);
        t.interrupt();
        t.join(60_000);
        assertEquals(2, code.get(), err.toString());
        assertTrue(err.toString().endsWith("error: report interrupted" + System.lineSeparator()), err.toString());
        assertEquals(List.of(), files(tmp));
    }
}
