package org.gsaexplorer.app.cli;

import org.gsaexplorer.model.Backend;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.run.MeanDecay;
import org.gsaexplorer.model.generate.Generator;
import org.gsaexplorer.model.generate.Sampler;
import org.gsaexplorer.model.generate.TextStream;
import org.gsaexplorer.model.tokenizer.GsaTokenizer;
import org.gsaexplorer.model.weights.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Continue a prompt: prints the new text as it is generated (token ids when the checkpoint has no tokenizer), and tokens/s on stderr.")
final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "prompt text (through tokenizer.json; token ids without one)")
    String prompt;

    @Option(names = "--tokens", defaultValue = "200", paramLabel = "N", description = "tokens to generate (default 200)")
    int tokens;

    @Option(names = "--temperature", defaultValue = "0", paramLabel = "T", description = "0 = greedy (default); above 0 samples from softmax(logits / T)")
    double temperature;

    @Option(names = "--top-k", defaultValue = "0", paramLabel = "K", description = "sample only among the K most likely tokens (0 = all)")
    int topK;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "sampling seed: the same seed gives the same text (default 0)")
    long seed;

    @Option(names = "--ablate", paramLabel = "NAME[=VALUE]", description = AblateHelp.TEXT)
    List<String> ablate = new ArrayList<>();

    @Override
    public Integer call() {
        if (tokens < 1) throw new GsaException("--tokens " + tokens + ": must be at least 1");
        Sampler sampler = new Sampler(temperature, topK, seed);
        Ablations ablations = Ablations.parseAll(ablate);
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        try (Checkpoint ck = Checkpoint.open(modelOptions.model);
             GsaTokenizer tok = GsaTokenizer.forCheckpoint(modelOptions.model, ck.config().vocabSize())) {
            int[] ids = tok.encode(prompt);
            if (ids.length == 0) throw new GsaException("the prompt has no tokens");
            try (Backend backend = modelOptions.createBackend(err); LoadedModel model = backend.load(ck);
                 GsaSession session = model.newSession()) {
                session.setAblations(MeanDecay.resolve(model, ids, ablations));
                TextStream text = new TextStream(tok);
                long t0 = System.nanoTime();
                Generator.continuation(session, ids, tokens, sampler, id -> {
                    out.print(text.add(id));
                    out.flush();
                });
                double seconds = (System.nanoTime() - t0) / 1e9;
                out.println(text.flush());
                err.printf("%d tokens in %.2f s = %.1f tokens/s (%s, prompt %d tokens)%n", tokens, seconds, tokens / seconds, backend.name(), ids.length);
            }
        }
        return 0;
    }
}
