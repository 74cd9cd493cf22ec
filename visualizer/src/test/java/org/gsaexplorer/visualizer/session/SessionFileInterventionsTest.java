package org.gsaexplorer.visualizer.session;

import org.gsaexplorer.model.ablation.Ablations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Session files store the targeted interventions in their --ablate form and restore them; one the model cannot take is
 * one line, and the explorer keeps its state.
 */
class SessionFileInterventionsTest {
    static final List<String> SPECS = List.of("slots=32", "knockout=1:0:5@3", "force-gate=0:1:2=0.25@1-4", "clamp-readout=1:1:7", "zero-head=0:0");

    static SessionFile session(Ablations a) {
        return new SessionFile(SessionFileTest.SAMPLE.toAbsolutePath(), "reference", "k1 v2 k3 v4", new int[]{1, 2, 3, 4, 5, 6}, a, false, 0, 0,
                null, "occupancy", 6, Selection.DEFAULT);
    }

    @Test
    void interventionsRoundTripAndApply(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("i.gsa-session.json");
        session(Ablations.parseAll(SPECS)).write(file, false);
        String json = Files.readString(file);
        for (String s : SPECS) assertTrue(json.contains("\"" + s + "\""), json);
        SessionFile read = SessionFile.read(file);
        assertEquals(SPECS, SessionFile.specs(read.ablations()));
        try (ExplorerViewModel vm = new ExplorerViewModel()) {
            vm.restore(read).join();
            assertEquals(Ablations.parseAll(SPECS).describe(), vm.snapshot().main().ablations().describe());
        }
    }

    @Test
    void anInterventionOutsideTheModelIsOneLine() {
        try (ExplorerViewModel vm = new ExplorerViewModel()) {
            CompletionException e = assertThrows(CompletionException.class, () -> vm.restore(session(Ablations.parseAll(List.of("knockout=5:0:0")))).join());
            assertTrue(e.getCause().getMessage().contains("layer 5 is outside the model's 0..1"), e.getCause().getMessage());
            assertEquals(1, e.getCause().getMessage().lines().count());
            // the explorer keeps working: the model stays open without the refused spec, and a fitting one applies
            vm.idle().join();
            assertTrue(vm.snapshot().main().ablations().isNone(), vm.snapshot().main().ablations().describe());
            vm.setAblations(Ablations.parseAll(List.of("knockout=1:0:0"))).join();
            assertEquals("knockout=1:0:0", vm.snapshot().main().ablations().describe());
        }
    }
}
