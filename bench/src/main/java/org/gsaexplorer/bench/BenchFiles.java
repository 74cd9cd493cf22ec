package org.gsaexplorer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.io.AtomicFiles;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/** Writes a {@link BenchReport} as JSON (the whole report) or CSV (one row per measurement), atomically. */
public final class BenchFiles {
    public static final String CSV_HEADER = "kind,arch,engine,tokens,median,min,max,reps,unit,state_bytes,bytes_per_token,achieved_gb_s";

    private BenchFiles() {
    }

    /** Chooses the format from the file name (.json or .csv). */
    public static void write(BenchReport r, Path file, boolean overwrite) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) AtomicFiles.write(file, overwrite, out -> writeJson(r, out));
        else if (name.endsWith(".csv")) AtomicFiles.write(file, overwrite, out -> writeCsv(r, out));
        else throw new GsaException("--out " + file + ": the file name must end in .json or .csv");
    }

    public static void writeJson(BenchReport r, OutputStream out) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .writeValue(out, new Document(r, PaperReference.rows(), PaperReference.NOTE));
    }

    /** The JSON document: our measurements, and the published figures kept apart and labelled. */
    public record Document(BenchReport measured, java.util.List<PaperReference.Row> publishedReference, String publishedNote) {
    }

    public static void writeCsv(BenchReport r, OutputStream out) {
        PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        w.println(CSV_HEADER);
        Stats c = r.copyGBps();
        w.println(row("copy", "", "cpu", "", c, "GB/s", "", "", ""));
        if (r.gemmGFlops() != null) w.println(row("gemm", "", "blas", Integer.toString(r.promptLength()), r.gemmGFlops(), "GFLOP/s", "", "", ""));
        for (BenchReport.KernelPoint k : r.kernels()) w.println(row("kernel", k.kernel(), "vector", "", k.rate(), k.unit(), "", "", ""));
        for (BenchReport.ModelInfo m : r.models())
            w.println(row("ceiling", m.arch(), m.engine(), "", new Stats(m.ceilingTokensPerSecond(), m.ceilingTokensPerSecond(), m.ceilingTokensPerSecond(), c.n()),
                    "tokens/s", "", Long.toString(m.weightBytesPerToken()), ""));
        for (BenchReport.PrefillPoint p : r.prefill())
            w.println(row("prefill", p.arch(), p.engine(), Integer.toString(p.tokens()), p.tokensPerSecond(), "tokens/s", "", "", ""));
        for (BenchReport.DecodePoint d : r.decode())
            w.println(row("decode", d.arch(), d.engine(), Integer.toString(d.context()), d.msPerToken(), "ms/token",
                    Long.toString(d.stateBytes()), Long.toString(d.bytesPerToken()), num(d.achievedGBps())));
        for (BenchReport.ProbeCost p : r.probeCost()) {
            w.println(row("decode_probed", p.arch(), p.engine(), Integer.toString(p.context()), p.msPerToken(), "ms/token", "", "", ""));
            w.println(row("probe_overhead", p.arch(), p.engine(), Integer.toString(p.context()), p.overhead(), "ratio", "", "", ""));
        }
        w.flush();
    }

    private static String row(String kind, String arch, String engine, String tokens, Stats s, String unit,
                              String stateBytes, String bytesPerToken, String gbs) {
        return String.join(",", kind, arch, engine, tokens, num(s.median()), num(s.min()), num(s.max()), Integer.toString(s.n()),
                unit, stateBytes, bytesPerToken, gbs);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
