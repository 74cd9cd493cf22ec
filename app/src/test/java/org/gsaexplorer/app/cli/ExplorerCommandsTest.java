package org.gsaexplorer.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.gsaexplorer.app.cli.TraceCommandTest.SAMPLE;
import static org.gsaexplorer.app.cli.TraceCommandTest.cli;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The explore and snapshot commands and the no-argument launch: one-line errors with exit 2, the no-display message
 * (in a child JVM without DISPLAY), and snapshots rendered on a display (Xvfb in CI).
 */
class ExplorerCommandsTest {
    @TempDir
    Path tmp;

    /** Runs Main in a child JVM with no display, as the launcher starts it; returns {exit code, stderr}. */
    private static Object[] withoutDisplay(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "org.gsaexplorer.app.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not exit");
        return new Object[]{p.exitValue(), err};
    }

    private static void assertNoDisplayLine(Object[] r) {
        String err = (String) r[1];
        assertEquals(2, r[0], err);
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("error: no display:") && err.contains("xvfb-run -a"), err);
    }

    @Test
    void noArgumentsOpenTheExplorerWhichNeedsADisplay() throws Exception {
        assertNoDisplayLine(withoutDisplay());
    }

    @Test
    void snapshotWithoutADisplaySaysToUseXvfb() throws Exception {
        assertNoDisplayLine(withoutDisplay("snapshot", "--model", SAMPLE.toString(), "--backend", "reference",
                "--out", tmp.resolve("x.png").toString()));
        assertFalse(Files.exists(tmp.resolve("x.png")));
    }

    @Test
    void badArgumentsAreOneLineWithExitTwo() throws Exception {
        Path existing = Files.writeString(tmp.resolve("there.png"), "x");
        String[][] cases = {
                {"explore", "--model", tmp.toString()},
                {"explore", "--model", SAMPLE.toString(), "--backend", "abacus"},
                {"snapshot", "--view", "nope", "--out", tmp.resolve("a.png").toString()},
                {"snapshot", "--out", tmp.resolve("a.jpg").toString()},
                {"snapshot", "--out", existing.toString()},
                {"snapshot", "--scale", "0", "--out", tmp.resolve("a.png").toString()},
                {"snapshot", "--window", "1", "--out", tmp.resolve("a.png").toString()},
                {"snapshot", "--model", tmp.toString(), "--out", tmp.resolve("a.png").toString()},
                {"snapshot", "--panel", "nope", "--out", tmp.resolve("a.png").toString()},
                {"snapshot", "--panel", "tour", "--tour-step", "0", "--out", tmp.resolve("a.png").toString()},
                {"snapshot", "--ablate", "knockout=1:2", "--out", tmp.resolve("a.png").toString()},
                {"snapshot", "--view", "compare", "--ablate", "forget-less", "--out", tmp.resolve("a.png").toString()}};
        String[] expect = {
                "error: --model " + tmp + ": not a checkpoint folder (it needs config.json and model.safetensors)",
                "error: --backend abacus: unknown backend (available: ",
                "error: --view nope: unknown view (expected overview, occupancy, gates",
                "error: --out " + tmp.resolve("a.jpg") + ": the file name must end in .png",
                "error: " + existing + ": already exists (use --force to overwrite it)",
                "error: --scale must be in (0, 8]",
                "error: --layer, --head and --slot must be 0 or more, --window at least 2",
                "error: --model " + tmp + ": not a checkpoint folder",
                "error: --panel nope: unknown panel (expected ablations, recall or tour)",
                "error: --tour-step must be 1 or more",
                "error: ablation knockout=1:2: expected L:H:M[@T]",
                "error: unknown ablation 'forget-less' (expected no-forget"};
        for (int i = 0; i < cases.length; i++) {
            TraceCommandTest.Result r = cli(cases[i]);
            assertEquals(2, r.code(), String.join(" ", cases[i]));
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith(expect[i]), r.err());
        }
        assertEquals("x", Files.readString(existing));
        assertFalse(Files.exists(tmp.resolve("a.png")));
    }

    @Test
    void snapshotRendersAViewAndTheWindowOnADisplay() throws Exception {
        String display = System.getenv("DISPLAY");
        assumeTrue(display != null && !display.isBlank(), "no display: run under xvfb-run -a (./gsa-explorer test does this)");
        Path gates = tmp.resolve("gates.png"), window = tmp.resolve("window.png");
        TraceCommandTest.Result r = cli("snapshot", "--model", SAMPLE.toString(), "--backend", "reference", "--view", "gates",
                "--layer", "1", "--head", "1", "--scale", "1", "--out", gates.toString());
        assertEquals(0, r.code(), r.err());
        BufferedImage g = ImageIO.read(gates.toFile());
        assertTrue(g.getWidth() >= 600 && g.getHeight() >= 400, g.getWidth() + "x" + g.getHeight());
        assertTrue(distinctColours(g) > 50, "the heatmap is drawn, not an empty panel");
        r = cli("snapshot", "--backend", "reference", "--view", "window", "--scale", "1", "--out", window.toString());
        assertEquals(0, r.code(), r.err());
        BufferedImage w = ImageIO.read(window.toFile());
        assertEquals(1500, w.getWidth(), 2);
        r = cli("snapshot", "--backend", "reference", "--view", "gates", "--layer", "9", "--out", tmp.resolve("l.png").toString());
        assertEquals(2, r.code());
        assertEquals("error: --layer 9: the model has layers 0..1", r.err().strip());
        assertFalse(new File(tmp.toFile(), "l.png").exists());
        // interventions through --ablate: drawn when they fit the model, one line and no file when they do not
        r = cli("snapshot", "--backend", "reference", "--view", "gates", "--ablate", "knockout=1:1:3@4", "--ablate", "zero-head=0:0",
                "--scale", "1", "--out", tmp.resolve("k.png").toString());
        assertEquals(0, r.code(), r.err());
        r = cli("snapshot", "--backend", "reference", "--view", "gates", "--ablate", "knockout=5:0:0", "--out", tmp.resolve("bad.png").toString());
        assertEquals(2, r.code());
        assertEquals("error: ablation knockout=5:0:0: layer 5 is outside the model's 0..1", r.err().strip());
        assertFalse(new File(tmp.toFile(), "bad.png").exists());
    }

    @Test
    void snapshotAblatesSoTheCompareViewShowsADifference() throws Exception {
        String display = System.getenv("DISPLAY");
        assumeTrue(display != null && !display.isBlank(), "no display: run under xvfb-run -a (./gsa-explorer test does this)");
        Path plain = tmp.resolve("same.png"), ablated = tmp.resolve("decay.png");
        TraceCommandTest.Result r = cli("snapshot", "--backend", "reference", "--view", "compare", "--scale", "1", "--no-caption", "--out", plain.toString());
        assertEquals(0, r.code(), r.err());
        r = cli("snapshot", "--backend", "reference", "--view", "compare", "--ablate", "decay=0.5", "--scale", "1", "--out", ablated.toString());
        assertEquals(0, r.code(), r.err());
        BufferedImage same = ImageIO.read(plain.toFile()), diff = ImageIO.read(ablated.toFile());
        assertEquals(same.getWidth(), diff.getWidth());
        assertEquals(same.getHeight() + 20, diff.getHeight(), "the caption band");
        // the two heatmaps side by side, the left one (ablated) against the right one (baseline), cell area only, the
        // right one's offset being where the unablated picture's halves match best
        int half = same.getWidth() / 2;
        for (int o = same.getWidth() / 2 - 8; o <= same.getWidth() / 2 + 8; o++) if (sideDifference(same, o) < sideDifference(same, half)) half = o;
        assertTrue(sideDifference(same, half) < 0.02, "no ablation: both sides alike, " + sideDifference(same, half));
        assertTrue(sideDifference(diff, half) > 0.3, "decay=0.5: the sides differ, " + sideDifference(diff, half));
        assertTrue(Files.getPosixFilePermissions(ablated).contains(java.nio.file.attribute.PosixFilePermission.OWNER_READ));
    }

    /** The share of sampled pixels in the heatmap band (under the titles, above the axes) that differ between the halves. */
    private static double sideDifference(BufferedImage img, int half) {
        int differ = 0, n = 0;
        for (int y = 30; y < 120; y += 3)
            for (int x = 70; x < half - 100; x += 4) {
                n++;
                if (img.getRGB(x, y) != img.getRGB(x + half, y)) differ++;
            }
        return differ / (double) n;
    }

    private static int distinctColours(BufferedImage img) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3)
            for (int x = 0; x < img.getWidth(); x += 3) seen.add(img.getRGB(x, y));
        return seen.size();
    }
}
