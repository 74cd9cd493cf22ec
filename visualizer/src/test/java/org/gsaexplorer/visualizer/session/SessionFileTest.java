package org.gsaexplorer.visualizer.session;

import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.visualizer.catalog.ModelCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.*;

/** Saving and restoring sessions: exact tokens, ablations and view state; atomic, no silent overwrite, one-line errors. */
class SessionFileTest {
    static final Path SAMPLE = ModelCatalog.findSamples(Path.of(""), null).resolve("mqar-gsa-tiny/model");

    @Test
    void aSessionWithGeneratedTokensAndAblationsRestoresExactly(@TempDir Path dir) throws Exception {
        MqarPrompt p = MqarPrompt.generate(4, 4, 3);
        Path file = dir.resolve("s.gsa-session.json");
        SessionFile saved;
        float loss;
        int promptTokens;
        try (ExplorerViewModel a = new ExplorerViewModel()) {
            a.open(SAMPLE, "reference", p.text(), -1).join();
            promptTokens = a.snapshot().computed();
            a.generate(3).join();
            a.setAblations(Ablations.NONE.withNoForget(true).withSlotBudget(16)).join();
            a.setCompare(true).join();
            a.select(new Selection(1, 1, 9, 40)).join();
            a.setScoringRule(ScoringRule.AFTER_PROMPT).join();
            a.jump(p.cursorAtQuery(2)).join();
            a.idle().join();
            saved = SessionFile.of(a.snapshot(), "gates");
            loss = a.snapshot().main().tokens().loss(a.snapshot().computed() - 1);
            saved.write(file, false);
        }
        String json = Files.readString(file);
        assertTrue(json.contains("\"format\" : \"gsa-explorer-session\"") && json.contains("\"no-forget\"") && json.contains("\"slots=16\"")
                && json.contains("\"scoring\" : \"after-prompt\""), json);
        SessionFile read = SessionFile.read(file);
        assertEquals(saved, read);
        assertEquals(promptTokens + 3, read.tokens().length, "generated tokens are saved too");
        try (ExplorerViewModel b = new ExplorerViewModel()) {
            b.restore(read).join();
            b.idle().join();
            ExplorerSnapshot s = b.snapshot();
            assertArrayEquals(saved.tokens(), s.main().tokens().ids());
            assertEquals("no-forget, slots=16", s.main().ablations().describe());
            assertNotNull(s.baseline());
            assertEquals(new Selection(1, 1, 9, 40), s.selection());
            assertEquals(p.cursorAtQuery(2), s.cursor());
            assertEquals(ScoringRule.AFTER_PROMPT, s.scoring().chosen(), "the scored positions chosen come back");
            assertEquals(loss, s.main().tokens().loss(s.computed() - 1), 1e-6f, "same tokens and ablations give the same losses");
            assertEquals(SessionFile.of(s, "gates"), saved);
        }
    }

    @Test
    void neverOverwritesSilentlyAndLeavesNoPartialFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.json");
        Files.writeString(file, "precious");
        SessionFile f = new SessionFile(SAMPLE.toAbsolutePath(), "reference", "k1 v2", new int[]{1, 130}, Ablations.NONE, false, 0, 0,
                null, "occupancy", 2, Selection.DEFAULT);
        GsaException e = assertThrows(GsaException.class, () -> f.write(file, false));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertEquals("precious", Files.readString(file));
        f.write(file, true);
        assertEquals(f, SessionFile.read(file));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left");
        }
    }

    @Test
    void aMissingModelOrABadFileIsOneClearLine(@TempDir Path dir) throws Exception {
        Path gone = dir.resolve("moved-away");
        Path file = dir.resolve("s.json");
        new SessionFile(gone, "reference", "", new int[0], Ablations.NONE, false, 0, 0, null, "occupancy", 0, Selection.DEFAULT).write(file, false);
        GsaException e = assertThrows(GsaException.class, () -> SessionFile.read(file));
        assertEquals(file + ": the session's model " + gone + " is missing (moved or deleted?); open the checkpoint folder and save the session again", e.getMessage());
        Files.writeString(file, "{ not json");
        assertTrue(assertThrows(GsaException.class, () -> SessionFile.read(file)).getMessage().contains("not a session file"));
        Files.writeString(file, "{\"name\": 1}");
        assertTrue(assertThrows(GsaException.class, () -> SessionFile.read(file)).getMessage().contains("not a GSA Explorer session file"));
        Files.writeString(file, "{\"format\":\"gsa-explorer-session\",\"version\":1,\"model\":\"" + SAMPLE.toAbsolutePath()
                + "\",\"backend\":\"reference\",\"tokens\":[1],\"ablations\":[\"bogus\"]}");
        assertTrue(assertThrows(GsaException.class, () -> SessionFile.read(file)).getMessage().contains("unknown ablation 'bogus'"));
        for (String m : new String[]{"no-forget", "decay=0.9", "readout=relu", "slots=8", "reset=3"})
            assertEquals(java.util.List.of(m), SessionFile.specs(Ablations.parseAll(java.util.List.of(m))));
    }

    /** A session file as one written before the scored positions were kept, with {@code extra} fields added. */
    private static String fileWith(String extra) {
        return "{\"format\":\"gsa-explorer-session\",\"version\":1,\"model\":\"" + SAMPLE.toAbsolutePath()
                + "\",\"backend\":\"reference\",\"prompt\":\"k1 v2 k3 v4\",\"tokens\":[1,2,3,4],\"ablations\":[],"
                + "\"view\":{\"name\":\"charts\",\"cursor\":4}" + extra + "}";
    }

    @Test
    void anOlderFileWithoutScoredPositionsRestoresTheModelsDefault(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("old.json");
        Files.writeString(file, fileWith(""));
        SessionFile read = SessionFile.read(file);
        assertNull(read.scoring());
        try (ExplorerViewModel vm = new ExplorerViewModel()) {
            vm.open(SAMPLE, "reference", "k1 v2", -1).join();
            vm.setScoringRule(ScoringRule.EVERY).join();
            vm.restore(read).join();
            vm.idle().join();
            Scoring s = vm.snapshot().scoring();
            assertNull(s.chosen(), "the rule chosen before does not leak into the restored session");
            assertEquals(ScoringRule.TASK, s.rule(), "the recall sample's default: its task's answers");
            assertArrayEquals(new int[]{1, 2, 3, 4}, vm.snapshot().main().tokens().ids());
        }
        Files.writeString(file, fileWith(",\"scoring\":null"));
        assertNull(SessionFile.read(file).scoring(), "null is the default too");
    }

    @Test
    void aJunkScoringIsOneLineAndTheExplorerKeepsItsState(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("junk.json");
        try (ExplorerViewModel vm = new ExplorerViewModel()) {
            vm.open(SAMPLE, "reference", "k1 v2 k3 v4", -1).join();
            vm.setScoringRule(ScoringRule.AFTER_PROMPT).join();
            vm.idle().join();
            ExplorerSnapshot before = vm.snapshot();
            for (String junk : new String[]{"\"best-ones\"", "3", "{\"rule\":\"task\"}"}) {
                Files.writeString(file, fileWith(",\"scoring\":" + junk));
                GsaException e = assertThrows(GsaException.class, () -> SessionFile.read(file));
                assertEquals(1, e.getMessage().lines().count(), e.getMessage());
                assertTrue(e.getMessage().startsWith(file + ": \"scoring\": "), e.getMessage());
                assertTrue(junk.startsWith("\"") ? e.getMessage().contains("'best-ones' is not one of task, after-prompt, every")
                        : e.getMessage().contains("must be a name"), e.getMessage());
            }
            vm.idle().join();
            assertSame(before, vm.snapshot(), "nothing was restored: the explorer's state is intact");
            assertEquals(ScoringRule.AFTER_PROMPT, vm.snapshot().scoring().chosen());
        }
    }

    @Test
    void tokensOutsideTheVocabularyAreRefusedOnRestore(@TempDir Path dir) {
        SessionFile f = new SessionFile(SAMPLE.toAbsolutePath(), "reference", "k1 v2", new int[]{1, 99999}, Ablations.NONE, false, 0, 0,
                null, "occupancy", 2, Selection.DEFAULT);
        try (ExplorerViewModel vm = new ExplorerViewModel()) {
            CompletionException e = assertThrows(CompletionException.class, () -> vm.restore(f).join());
            assertTrue(e.getCause().getMessage().contains("token id 99999 is outside"), e.getCause().getMessage());
        }
    }
}
