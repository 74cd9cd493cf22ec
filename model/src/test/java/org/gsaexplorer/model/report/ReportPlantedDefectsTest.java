package org.gsaexplorer.model.report;

import org.gsaexplorer.model.Fixtures;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.backend.Backends;
import org.gsaexplorer.model.eval.TextCorpus;
import org.gsaexplorer.model.report.Finding.Kind;
import org.gsaexplorer.model.report.PlantedDefects.Plant;
import org.gsaexplorer.model.tokenizer.GsaTokenizer;
import org.gsaexplorer.model.weights.Checkpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gate defects planted into the trained Rust sample ({@link PlantedDefects}) are reported as exactly those slots and
 * kinds, while the checkpoint as trained has no finding of those kinds. (The trained model does have a few genuine
 * unread_slot findings: slots whose readout weight is below 1/(20·64) over this text; they are not asserted on.)
 */
class ReportPlantedDefectsTest {
    static final Path RUST = Fixtures.sample("rust-docs-gsa");
    static final Set<Kind> GATE_KINDS = EnumSet.of(Kind.DEAD_SLOT, Kind.AMNESIC_SLOT, Kind.FROZEN_SLOT);
    static final List<Plant> PLANTS = List.of(
            new Plant(0, 1, 5, Kind.DEAD_SLOT), new Plant(0, 2, 17, Kind.AMNESIC_SLOT), new Plant(0, 3, 40, Kind.FROZEN_SLOT),
            new Plant(2, 0, 9, Kind.DEAD_SLOT), new Plant(2, 3, 63, Kind.AMNESIC_SLOT), new Plant(3, 1, 0, Kind.DEAD_SLOT));

    @TempDir
    static Path tmp;
    static Path planted;

    @BeforeAll
    static void plant() {
        planted = PlantedDefects.write(RUST.resolve("model"), tmp.resolve("planted"), PLANTS);
    }

    /** The first 2,048 bytes of the held-out text (36 newlines among them) in windows of 512, on nd4j with two workers. */
    static List<Finding> report(Path model) {
        return Findings.detect(stats(model), Thresholds.DEFAULTS);
    }

    static SlotStatistics stats(Path model) {
        try (Checkpoint ck = Checkpoint.open(model); GsaTokenizer tok = GsaTokenizer.forCheckpoint(model, 256);
             LoadedModel m = Backends.create("nd4j").load(ck)) {
            List<TextCorpus.Document> docs = TextCorpus.read(RUST.resolve("heldout.txt"), tok, 2048);
            SlotStatistics st = ReportRun.run(m, docs, CorpusWindow.cut(docs, 512), 2, (w, t) -> { });
            assertEquals(2047, st.tokens());
            assertEquals(0, st.nonFinite());
            return st;
        }
    }

    static Set<String> gateFindings(List<Finding> findings) {
        return findings.stream().filter(f -> GATE_KINDS.contains(f.kind()))
                .map(f -> f.kind().id + " " + f.layer() + "/" + f.head() + "/" + f.slot()).collect(Collectors.toSet());
    }

    @Test
    void plantedSlotsAreReportedAsExactlyTheirKinds() {
        List<Finding> findings = report(planted);
        Set<String> expected = PLANTS.stream().map(p -> p.kind().id + " " + p.layer() + "/" + p.head() + "/" + p.slot())
                .collect(Collectors.toSet());
        assertEquals(expected, gateFindings(findings), findings.toString());
        for (Finding f : findings) {
            if (!GATE_KINDS.contains(f.kind())) continue;
            assertTrue(f.window() >= 0 && f.window() < 4, f.toString());
            switch (f.kind()) {
                case DEAD_SLOT -> assertTrue(f.evidence().get("max_write") < 1e-3, f.toString());
                case AMNESIC_SLOT -> assertTrue(f.evidence().get("mean_alpha") < 0.05, f.toString());
                case FROZEN_SLOT -> assertTrue(f.evidence().get("mean_alpha") > 0.999 && f.evidence().get("max_write") > 1e-3, f.toString());
                default -> { }
            }
        }
        // worst first: kinds in their order, then by how far past the threshold
        for (int i = 1; i < findings.size(); i++) {
            Finding a = findings.get(i - 1), b = findings.get(i);
            assertTrue(a.kind().compareTo(b.kind()) < 0 || a.kind() == b.kind() && a.severity() >= b.severity(), a + " before " + b);
        }
    }

    /** The malformed corpus's checkpoint whose activations overflow: the finding names the place trace refuses. */
    @Test
    void overflowingActivationsAreOneNonFiniteFindingFirst() throws java.io.IOException {
        Path dir = Path.of("src/test/resources/malformed/overflowing-activations");
        String traceError = java.nio.file.Files.readString(dir.resolve("expected-trace-error.txt")).strip();
        try (Checkpoint ck = Checkpoint.open(dir); LoadedModel m = Backends.create("reference").load(ck)) {
            List<TextCorpus.Document> docs = List.of(new TextCorpus.Document("ids", new int[]{0, 3, 5, 7, 1, 2, 9, 4, 4, 8}));
            SlotStatistics st = ReportRun.run(m, docs, CorpusWindow.cut(docs, 4), 2, (w, t) -> { });
            List<Finding> findings = Findings.detect(st, Thresholds.DEFAULTS);
            Finding first = findings.getFirst();
            assertEquals(Kind.NON_FINITE, first.kind());
            assertEquals(1, findings.stream().filter(f -> f.kind() == Kind.NON_FINITE).count());
            assertEquals(0, first.window());
            // trace says "non-finite value (NaN) in logits at token 0, token id 0"; the finding says the same place
            assertTrue(traceError.endsWith(first.detail().substring(first.detail().indexOf(" in ") + 4, first.detail().indexOf(" of window"))),
                    first.detail() + " vs " + traceError);
            assertTrue(st.nonFinite() > 0);
        }
    }

    /**
     * Readout defects planted into layer 0 ({@link PlantedDefects}): an unread slot, and a head collapsed onto one slot,
     * whose other 63 slots then go unread, as the definition says. The unread threshold is 1/(100·64): on 2,048
     * bytes the trained model has slots just under the default 1/(20·64), none under this one.
     */
    @Test
    void plantedReadoutDefectsAreReportedAsExactlyTheirKinds() {
        Thresholds strict = new Thresholds(1e-3, 0.05, 0.999, 100, 0.1, 0.9);
        List<Plant> plants = List.of(new Plant(0, 0, 21, Kind.UNREAD_SLOT), new Plant(0, 2, 44, Kind.READOUT_COLLAPSE));
        assertEquals(Set.of(), readoutFindings(Findings.detect(stats(RUST.resolve("model")), strict)), "the trained checkpoint");
        SlotStatistics st = stats(PlantedDefects.write(RUST.resolve("model"), tmp.resolve("readout"), plants));
        List<Finding> findings = Findings.detect(st, strict);
        Set<String> expected = new java.util.TreeSet<>(Set.of("unread_slot 0/0/21", "readout_collapse 0/2/44"));
        for (int m = 0; m < 64; m++) if (m != 44) expected.add("unread_slot 0/2/" + m);
        Set<String> found = new java.util.TreeSet<>(readoutFindings(findings)), missing = new java.util.TreeSet<>(expected), extra = new java.util.TreeSet<>(found);
        missing.removeAll(found);
        extra.removeAll(expected);
        assertEquals(expected, found, "missing " + missing + ", not planted " + extra);
        assertEquals(Set.of(), gateFindings(findings), "the planted slot's gate is neither dead, amnesic nor frozen");
        Finding collapse = findings.stream().filter(f -> f.kind() == Kind.READOUT_COLLAPSE).findFirst().orElseThrow();
        assertTrue(collapse.evidence().get("top_slot_share") > 0.9, collapse.toString());
        assertTrue(st.slot(0, 0, 21).meanReadout() < 1e-6, "the unread slot is read " + st.slot(0, 0, 21).meanReadout());
    }

    static Set<String> readoutFindings(List<Finding> findings) {
        return findings.stream().filter(f -> f.kind() == Kind.UNREAD_SLOT || f.kind() == Kind.READOUT_COLLAPSE)
                .map(f -> f.kind().id + " " + f.layer() + "/" + f.head() + "/" + f.slot()).collect(Collectors.toSet());
    }

    @Test
    void theTrainedCheckpointHasNoGateFindings() {
        assertEquals(Set.of(), gateFindings(report(RUST.resolve("model"))));
    }
}
