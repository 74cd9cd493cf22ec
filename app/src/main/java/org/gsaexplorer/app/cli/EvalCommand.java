package org.gsaexplorer.app.cli;

import org.gsaexplorer.model.Backend;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.eval.TextCorpus;
import org.gsaexplorer.model.eval.WindowedEval;
import org.gsaexplorer.model.tokenizer.ByteTokenizer;
import org.gsaexplorer.model.tokenizer.GsaTokenizer;
import org.gsaexplorer.model.weights.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Bits per token (and per byte, for byte-level models) of a model over a text file, in windows each run from the empty state.")
final class EvalCommand implements Callable<Integer> {
    static final int DEFAULT_WINDOW = 1024;

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "text file (UTF-8; binary data is refused)")
    Path data;

    @Option(names = "--window", defaultValue = "" + DEFAULT_WINDOW, paramLabel = "T",
            description = "tokens of context per window; window i predicts tokens T·i+1 .. T·i+T from T·i .. T·i+T-1 (default " + DEFAULT_WINDOW + ")")
    int window;

    @Option(names = "--max-tokens", paramLabel = "N", description = "read only the first N tokens of the file")
    Integer maxTokens;

    @Mixin
    ThreadOptions threadOptions;

    @Option(names = "--ablate", paramLabel = "NAME[=VALUE]", description = AblateHelp.TEXT)
    List<String> ablate = new ArrayList<>();

    @Override
    public Integer call() {
        if (window < 1) throw new GsaException("--window " + window + ": must be at least 1");
        if (maxTokens != null && maxTokens < 2) throw new GsaException("--max-tokens " + maxTokens + ": must be at least 2");
        int workers = threadOptions.workers();
        Ablations ablations = Ablations.parseAll(ablate);
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        try (Checkpoint ck = Checkpoint.open(modelOptions.model);
             GsaTokenizer tok = GsaTokenizer.forCheckpoint(modelOptions.model, ck.config().vocabSize())) {
            int[] tokens = TextCorpus.readText(data, tok);
            if (maxTokens != null && tokens.length > maxTokens) tokens = Arrays.copyOf(tokens, maxTokens);
            int windows = WindowedEval.windows(tokens.length, window);
            if (windows == 0)
                throw new GsaException(data + ": " + tokens.length + " tokens, too few for one window of " + window + " (need " + (window + 1) + "; try a smaller --window)");
            try (Backend backend = modelOptions.createBackend(err); LoadedModel model = backend.load(ck)) {
                ProgressLine progress = new ProgressLine(err, windows, (long) windows * window);
                WindowedEval.Result r = WindowedEval.evaluate(model, tokens, window, ablations, workers,
                        done -> progress.update(done, (long) done * window));
                progress.finish();
                out.printf("model:    %s (%s)%n", modelOptions.model, backend.name());
                out.printf("data:     %s, %d tokens, %d windows of %d (%d predicted)%n", data, tokens.length, r.windows(), window, r.predicted());
                out.printf("ablations: %s%n", ablations.describe());
                out.printf("bits_per_token: %.4f%n", r.bitsPerToken());
                if (tok instanceof ByteTokenizer) out.printf("bits_per_byte: %.4f%n", r.bitsPerToken());
            }
        }
        return 0;
    }
}
