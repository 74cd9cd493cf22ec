package org.gsaexplorer.app.cli;

import org.gsaexplorer.model.backend.Backends;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.bench.BenchFiles;
import org.gsaexplorer.bench.BenchReport;
import org.gsaexplorer.bench.BenchTable;
import org.gsaexplorer.bench.ModelShape;
import org.gsaexplorer.bench.ThroughputBench;
import org.gsaexplorer.model.weights.DType;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true, description = {
        "Measure prefill and decode throughput of GSA against Transformer++ and GLA at the same width and depth,",
        "with the KV-cache / state bytes per sequence and the memory bandwidth achieved against a copy measured in the same run."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    static final class Source {
        @Option(names = "--model", paramLabel = "DIR", description = "a GSA checkpoint folder (its weights, or its shape with --random-weights)")
        Path model;
        @Option(names = "--shape", paramLabel = "NAME", description = "tiny, small, medium, gsa-1.3b, gsa-2.7b, gsa-7b-mistral (random weights)")
        String shape;
    }

    @ArgGroup(exclusive = true)
    Source source;

    @Option(names = "--random-weights", description = "with --model: use its shape with random weights instead of its checkpoint")
    boolean randomWeights;

    @Option(names = "--dtype", defaultValue = "f32", paramLabel = "f32|bf16", description = "dtype of the random GSA weights (default f32)")
    String dtype;

    @Option(names = "--arch", defaultValue = "gsa,transformer,gla", split = ",", paramLabel = "gsa,transformer,gla")
    List<String> archs;

    @Option(names = "--backend", defaultValue = Backends.DEFAULT, split = ",", paramLabel = "vector|nd4j|reference|cuda",
            description = "backend(s) for GSA; a list compares them. The baselines run in plain Java for the CPU backends and on the GPU for cuda")
    List<String> backends;

    @Option(names = "--prompt-len", defaultValue = "512", paramLabel = "N", description = "prefill length (default 512)")
    int promptLength;

    @Option(names = "--gen", defaultValue = "32", paramLabel = "N", description = "tokens decoded per timed run (default 32)")
    int generate;

    @Option(names = "--contexts", defaultValue = "1024,2048,4096", paramLabel = "1024,2048", description = "context lengths to decode at (default 1024,2048,4096; 1k,2k also work)")
    String contexts;

    @Option(names = "--reps", defaultValue = "5", paramLabel = "N", description = "timed repetitions, after one warm-up (default 5)")
    int reps;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "seed for the random weights and tokens")
    long seed;

    @Option(names = "--out", paramLabel = "FILE.json|FILE.csv", description = "also write the measurements to this file")
    Path out;

    @Option(names = "--force", description = "overwrite an existing output file")
    boolean force;

    /**
     * The bench alone, for machines that have only the model and app classes and picocli (no JavaFX): the same
     * options and the same one-line errors with exit code 2 as {@code gsa-explorer bench}.
     */
    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new BenchCommand());
        PrintWriter err = cl.getErr();
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("error: " + ex.getMessage());
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            err.println("error: " + Cli.userMessage(ex));
            return 2;
        });
        System.exit(cl.execute(args));
    }

    @Override
    public Integer call() {
        ThroughputBench.Options options = options();
        if (out != null) {
            String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!name.endsWith(".json") && !name.endsWith(".csv")) throw new GsaException("--out " + out + ": the file name must end in .json or .csv");
            if (!force && Files.exists(out)) throw new GsaException(out + ": already exists (use --force to overwrite it)");
        }
        PrintWriter err = spec.commandLine().getErr();
        boolean terminal = System.console() != null;
        String[] last = {""};
        BenchReport report = ThroughputBench.run(options, (fraction, message) -> {
            // on a terminal one line updated in place; in a log one line per stage
            if (terminal) err.printf(Locale.ROOT, "\r[%3.0f%%] %-70.70s", 100 * fraction, message);
            else if (!message.equals(last[0])) err.printf(Locale.ROOT, "[%3.0f%%] %s%n", 100 * fraction, message);
            last[0] = message;
            err.flush();
        }, () -> false);
        if (terminal) err.println();
        PrintWriter o = spec.commandLine().getOut();
        o.print(BenchTable.format(report));
        o.flush();
        if (out != null) BenchFiles.write(report, out, force);
        return 0;
    }

    private ThroughputBench.Options options() {
        DType type = switch (dtype.toLowerCase(Locale.ROOT)) {
            case "f32", "fp32", "float32" -> DType.F32;
            case "bf16", "bfloat16" -> DType.BF16;
            default -> throw new GsaException("--dtype must be f32 or bf16, not '" + dtype + "'");
        };
        Path model = source == null ? null : source.model;
        if (randomWeights && source == null) throw new GsaException("--random-weights needs --model DIR or --shape NAME (a --shape always uses random weights)");
        ModelShape shape = model != null ? ModelShape.of(model) : ModelShape.preset(source == null || source.shape == null ? "tiny" : source.shape);
        List<Integer> ctx = ThroughputBench.parseContexts(contexts);
        List<String> archList = archs.stream().map(String::trim).toList();
        List<String> backendList = backends.stream().map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
        return new ThroughputBench.Options(archList, backendList, shape, randomWeights ? null : model, type,
                promptLength, generate, ctx, reps, 1, seed);
    }
}
