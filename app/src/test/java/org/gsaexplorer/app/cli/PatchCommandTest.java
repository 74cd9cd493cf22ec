package org.gsaexplorer.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.gsaexplorer.app.cli.HardeningCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** patch on the Rust sample: the JSON contract, and bad specs as one line, exit 2 and no file. */
class PatchCommandTest {
    static final String RUST = LanguageCommandsTest.MODEL;

    @TempDir
    Path tmp;

    @Test
    void slotSweepWritesEffectsPerLayerHeadAndSlot() throws IOException {
        Path out = tmp.resolve("p.json");
        HardeningCliTest.Result r = cli("patch", "--model", RUST, "--clean", "let mut guess = 1; gues", "--corrupt", "let mut count = 1; gues",
                "--at", "14", "--answer", "s", "--foil", "x", "--layers", "2,3", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(out.toFile());
        assertEquals("logit_diff", j.get("metric").asText());
        assertEquals("slot", j.get("grain").asText());
        assertEquals('s', j.get("answer").asInt());
        assertEquals('x', j.get("foil").asInt());
        assertEquals("[2,3]", j.get("layers").toString());
        assertEquals(2, j.get("effects").size());
        assertEquals(4, j.get("effects").get(0).size());
        assertEquals(64, j.get("effects").get(0).get(0).size());
        assertTrue(r.err().contains("512 slot components patched"), r.err());
        HardeningCliTest.Result state = cli("patch", "--model", RUST, "--clean", "let mut guess = 1; gues", "--corrupt", "let mut count = 1; gues",
                "--at", "14", "--answer", "s", "--foil", "x", "--grain", "state", "--out", tmp.resolve("s.json").toString());
        assertEquals(0, state.code(), state.err());
        assertEquals(1.0, new ObjectMapper().readTree(tmp.resolve("s.json").toFile()).get("effects").asDouble(), 1e-5);
    }

    /**
     * Interventions apply to every run: with layer 3's output zeroed on every head, its slots cannot matter. On the
     * reference backend, whose sums are plain loops: the vector backend's prefill tiles sum lanes in the JIT's order,
     * which can move a rerun made later in the run by ~1e-5 (VectorDeterminismTest).
     */
    @Test
    void ablateAppliesToEveryRun() throws IOException {
        Path out = tmp.resolve("z.json");
        HardeningCliTest.Result r = cli("patch", "--model", RUST, "--clean", "let mut guess = 1; gues", "--corrupt", "let mut count = 1; gues",
                "--at", "14", "--answer", "s", "--foil", "x", "--layers", "3", "--backend", "reference", "--out", out.toString(),
                "--ablate", "zero-head=3:0", "--ablate", "zero-head=3:1", "--ablate", "zero-head=3:2", "--ablate", "zero-head=3:3");
        assertEquals(0, r.code(), r.err());
        JsonNode effects = new ObjectMapper().readTree(out.toFile()).get("effects").get(0);
        for (JsonNode head : effects) for (JsonNode slot : head) assertEquals(0.0, slot.asDouble(), 1e-12);
    }

    @Test
    void badSpecsAreOneLineAndLeaveNoFile() throws IOException {
        String out = tmp.resolve("bad.json").toString();
        List<String[]> cases = List.of(
                new String[]{"--clean", "abcd", "--corrupt", "abc", "--at", "2"},
                new String[]{"--clean", "abcd", "--corrupt", "abcd", "--at", "2"},
                new String[]{"--clean", "abcd", "--corrupt", "xbcd", "--at", "4"},
                new String[]{"--clean", "abcd", "--corrupt", "xbcd", "--at", "0"},
                new String[]{"--clean", "abcd", "--corrupt", "xbcd", "--at", "2", "--layers", "9"},
                new String[]{"--clean", "abcd", "--corrupt", "xbcd", "--at", "2", "--grain", "neuron"},
                new String[]{"--clean", "abcd", "--corrupt", "xbcd", "--at", "2", "--answer", "ab"},
                new String[]{"--clean", "abcd", "--corrupt", "xbcd", "--at", "2", "--ablate", "knockout=4:0:0"},
                new String[]{"--clean", "abcd", "--corrupt", "xbcd", "--at", "2", "--ablate", "knockout=0:0:64@1"},
                new String[]{"--clean", "abcd", "--corrupt", "xbcd", "--at", "2", "--ablate", "clamp-readout=0:4:0"},
                new String[]{"--clean", "abcd", "--corrupt", "xbcd", "--at", "2", "--ablate", "force-gate=0:0:0=2"},
                new String[]{"--clean", "abcd", "--corrupt", "xbcd", "--at", "2", "--ablate", "force-gate=0:0:0=0.5@3-1"},
                new String[]{"--clean", "abcd", "--corrupt", "xbcd", "--at", "2", "--ablate", "zero-head=0"});
        for (String[] c : cases) {
            String[] args = Stream.concat(Stream.of("patch", "--model", RUST, "--out", out), Stream.of(c)).toArray(String[]::new);
            HardeningCliTest.Result r = cli(args);
            assertEquals(2, r.code(), String.join(" ", c) + ": " + r.err());
            assertTrue(r.err().startsWith("error: ") && r.err().strip().lines().count() == 1, String.join(" ", c) + ": " + r.err());
            try (Stream<Path> left = Files.list(tmp)) {
                assertEquals(List.of(), left.toList(), "files left behind by " + String.join(" ", c));
            }
        }
    }
}
