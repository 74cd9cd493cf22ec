package org.gsaexplorer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.gsaexplorer.model.weights.DType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One small end-to-end run of the bench on the tiny shape (reference backend), its files, and cancellation. */
class ThroughputBenchTest {
    private static ThroughputBench.Options options(List<String> backends) {
        return new ThroughputBench.Options(ThroughputBench.ARCHS, backends, ModelShape.preset("tiny"), null, DType.F32,
                16, 3, List.of(128, 64), 2, 1, 42);
    }

    @Test
    void measuresAllThreeArchitecturesAtEachContext() throws Exception {
        List<Double> progress = new ArrayList<>();
        BenchReport r = ThroughputBench.run(options(List.of("reference", "no-such-backend")), (f, m) -> progress.add(f), () -> false);
        assertEquals(3, r.models().size());
        assertEquals(3, r.prefill().size());
        assertEquals(6, r.decode().size());
        assertEquals(1.0, progress.getLast());
        for (int i = 1; i < progress.size(); i++) assertTrue(progress.get(i) >= progress.get(i - 1), "progress never goes back");
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("gsa on no-such-backend: bench unavailable")), r.notes().toString());
        BenchReport.DecodePoint x64 = find(r, "transformer", 64), x128 = find(r, "transformer", 128);
        assertEquals(2 * x64.stateBytes(), x128.stateBytes(), "a KV cache doubles with the context");
        assertEquals(find(r, "gsa", 64).stateBytes(), find(r, "gsa", 128).stateBytes(), "GSA's state does not grow");
        assertEquals(List.of(64, 128), r.decode().stream().filter(d -> d.arch().equals("gla")).map(BenchReport.DecodePoint::context).toList());
        for (BenchReport.DecodePoint d : r.decode()) {
            assertTrue(d.msPerToken().min() > 0 && d.msPerToken().min() <= d.msPerToken().median());
            assertEquals(2, d.msPerToken().n());
        }

        assertEquals(List.of(64, 128), r.probeCost().stream().map(BenchReport.ProbeCost::context).toList(), "GSA alone has probes");
        for (BenchReport.ProbeCost p : r.probeCost()) {
            assertEquals(2, p.layers(), "every layer of the tiny shape");
            assertTrue(p.msPerToken().min() > 0 && p.overhead().min() > -1, p.toString());
        }
        assertTrue(BenchTable.format(r).contains("Probes on every layer"));

        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        BenchFiles.writeCsv(r, csv);
        List<String> lines = csv.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(BenchFiles.CSV_HEADER, lines.getFirst());
        assertEquals(1 + 1 + 1 + 3 + 3 + 6 + 4, lines.size(), "header, copy, GEMM rate, 3 ceilings, 3 prefills, 6 decodes, 2 probed decodes and their overheads");
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        BenchFiles.writeJson(r, json);
        JsonNode doc = new ObjectMapper().readTree(json.toByteArray());
        assertEquals(6, doc.get("measured").get("decode").size());
        assertEquals(2, doc.get("measured").get("probeCost").size());
        assertTrue(doc.get("measured").get("probeCost").get(0).get("overhead").has("median"));
        JsonNode gemm = doc.get("measured").get("gemmGFlops");
        assertTrue(gemm.get("median").asDouble() > 0 && gemm.get("n").asInt() >= 5, gemm.toString());
        for (JsonNode p : doc.get("measured").get("prefill")) assertTrue(p.get("achievedGFlops").asDouble() > 0, p.toString());
        assertTrue(doc.get("publishedReference").size() > 0);
        assertTrue(BenchTable.format(r).contains("NOT measured by this run"));
    }

    @Test
    void cancellingStopsTheRun() {
        int[] calls = {0};
        assertThrows(CancellationException.class, () -> ThroughputBench.run(options(List.of("reference")), (f, m) -> { }, () -> ++calls[0] > 20));
    }

    @Test
    void contextListsAcceptKiloSuffixes() {
        assertEquals(List.of(1024, 2048, 300), ThroughputBench.parseContexts("1k, 2K,300"));
    }

    private static BenchReport.DecodePoint find(BenchReport r, String arch, int ctx) {
        return r.decode().stream().filter(d -> d.arch().equals(arch) && d.context() == ctx).findFirst().orElseThrow();
    }
}
