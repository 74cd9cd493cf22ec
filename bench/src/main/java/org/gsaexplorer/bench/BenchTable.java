package org.gsaexplorer.bench;

import java.util.Locale;

/** The report as plain-text tables for the terminal. */
public final class BenchTable {
    private BenchTable() {
    }

    public static String format(BenchReport r) {
        StringBuilder b = new StringBuilder();
        Stats c = r.copyGBps();
        b.append(f("Shape %s, weights %s; prompt %d tokens, %d generated per decode run, %d repetitions (median [min-max])%n",
                r.shape(), r.dtype(), r.promptLength(), r.generated(), r.reps()));
        b.append(f("Device: %s%n", r.device()));
        b.append(f("Copy bandwidth (read+write, GPU device-to-device when cuda ran, else CPU array copy): %.2f GB/s [%.2f-%.2f]%n", c.median(), c.min(), c.max()));
        Stats g = r.gemmGFlops();
        if (g != null)
            b.append(f("fp32 GEMM rate (BLAS, all cores, [%d x D]·[D x I] of this shape): %.1f GFLOP/s [%.1f-%.1f]%n", r.promptLength(), g.median(), g.min(), g.max()));
        b.append(f("%n"));
        b.append(f("%-12s %-10s %14s %16s %16s%n", "arch", "engine", "parameters", "weight B/token", "ceiling tok/s"));
        for (BenchReport.ModelInfo m : r.models())
            b.append(f("%-12s %-10s %14d %16s %16.1f%n", m.arch(), m.engine(), m.parameters(), bytes(m.weightBytesPerToken()), m.ceilingTokensPerSecond()));
        b.append(f("%nPrefill%n%-12s %-10s %8s %26s %10s %7s%n", "arch", "engine", "tokens", "tokens/s", "GFLOP/s", "% GEMM"));
        for (BenchReport.PrefillPoint p : r.prefill()) {
            Stats s = p.tokensPerSecond();
            b.append(f("%-12s %-10s %8d %26s %10.2f %7s%n", p.arch(), p.engine(), p.tokens(), f("%.1f [%.1f-%.1f]", s.median(), s.min(), s.max()),
                    p.achievedGFlops(), g == null ? "-" : f("%.1f%%", 100 * p.achievedGFlops() / g.median())));
        }
        b.append(f("%nDecode%n%-12s %-10s %8s %24s %10s %12s %12s %9s %7s%n", "arch", "engine", "context", "ms/token", "tokens/s",
                "state/KV", "bytes/token", "GB/s", "% copy"));
        for (BenchReport.DecodePoint d : r.decode()) {
            Stats s = d.msPerToken();
            double copy = engineCopy(r, d.arch(), d.engine());
            b.append(f("%-12s %-10s %8d %24s %10.1f %12s %12s %9.2f %6.1f%%%n", d.arch(), d.engine(), d.context(),
                    f("%.3f [%.3f-%.3f]", s.median(), s.min(), s.max()), d.tokensPerSecond(), bytes(d.stateBytes()),
                    bytes(d.bytesPerToken()), d.achievedGBps(), 100 * d.achievedGBps() / copy));
        }
        if (!r.probeCost().isEmpty()) {
            b.append(f("%nProbes on every layer (decode, same repetitions as above)%n%-12s %-10s %8s %8s %24s %22s%n", "arch", "engine", "context",
                    "layers", "ms/token", "overhead"));
            for (BenchReport.ProbeCost p : r.probeCost()) {
                Stats s = p.msPerToken(), o = p.overhead();
                b.append(f("%-12s %-10s %8d %8d %24s %22s%n", p.arch(), p.engine(), p.context(), p.layers(), f("%.3f [%.3f-%.3f]", s.median(), s.min(), s.max()),
                        f("%.1f%% [%.1f-%.1f]", 100 * o.median(), 100 * o.min(), 100 * o.max())));
            }
        }
        if (!r.kernels().isEmpty()) {
            b.append(f("%nKernels (vector backend, alone)%n%-18s %-34s %26s %-8s %9s%n", "kernel", "shape", "rate", "unit", "% ceiling"));
            for (BenchReport.KernelPoint k : r.kernels()) {
                Stats s = k.rate();
                b.append(f("%-18s %-34s %26s %-8s %8.1f%%%n", k.kernel(), k.shape(), f("%.2f [%.2f-%.2f]", s.median(), s.min(), s.max()), k.unit(), 100 * k.ratio()));
            }
        }
        if (!r.notes().isEmpty()) {
            b.append(f("%nNotes%n"));
            for (String n : r.notes()) b.append("- ").append(n).append('\n');
        }
        b.append(f("%nPublished reference figures (NOT measured by this run)%n"));
        for (PaperReference.Row row : PaperReference.rows())
            b.append(f("- %s: %s [%s; %s]%n", row.quantity(), row.value(), row.hardware(), row.source()));
        b.append("- ").append(PaperReference.NOTE).append('\n');
        return b.toString();
    }

    /** The copy bandwidth a model's ceiling was computed from (its own device's), recovered from the ceiling. */
    private static double engineCopy(BenchReport r, String arch, String engine) {
        return r.models().stream().filter(m -> m.arch().equals(arch) && m.engine().equals(engine)).findFirst()
                .map(m -> m.ceilingTokensPerSecond() * m.weightBytesPerToken() / 1e9).orElse(r.copyGBps().median());
    }

    /** Bytes with a binary unit, e.g. 1.50 MiB. */
    public static String bytes(long n) {
        if (n < 1024) return n + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return f("%.2f %s", v, units[u]);
    }

    private static String f(String fmt, Object... args) {
        return String.format(Locale.ROOT, fmt, args);
    }
}
