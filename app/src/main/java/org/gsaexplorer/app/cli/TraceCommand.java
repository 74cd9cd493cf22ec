package org.gsaexplorer.app.cli;

import org.gsaexplorer.model.Backend;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.run.MeanDecay;
import org.gsaexplorer.model.io.AtomicFiles;
import org.gsaexplorer.model.io.Npz;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.NumericGuard;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.probe.TraceArrays;
import org.gsaexplorer.model.run.TraceRunner;
import org.gsaexplorer.model.tokenizer.GsaTokenizer;
import org.gsaexplorer.model.weights.Checkpoint;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "trace", mixinStandardHelpOptions = true, description = "Run a prompt and write logits and per-token slot internals to an .npz file.")
final class TraceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    static final class Input {
        @Option(names = "--ids", split = ",", paramLabel = "ID", description = "token ids, e.g. 1,2,3")
        int[] ids;
        @Option(names = "--prompt", paramLabel = "TEXT", description = "prompt text (through tokenizer.json; without one, token ids)")
        String prompt;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(names = "--mode", defaultValue = "prefill", paramLabel = "step|prefill", description = "prefill (chunked, default) or step (token by token)")
    String mode;

    @Option(names = "--ablate", paramLabel = "NAME[=VALUE]", description = AblateHelp.TEXT)
    List<String> ablate = new ArrayList<>();

    @Option(names = "--layers", defaultValue = "all", paramLabel = "all|0,3", description = "layers whose internals are recorded")
    String layers;

    @Option(names = "--out", required = true, paramLabel = "FILE.npz")
    Path out;

    @Option(names = "--force", description = "overwrite an existing output file")
    boolean force;

    @Override
    public Integer call() {
        if (!mode.equals("step") && !mode.equals("prefill")) throw new GsaException("--mode must be step or prefill, not '" + mode + "'");
        if (!out.getFileName().toString().endsWith(".npz")) throw new GsaException("--out " + out + ": the file name must end in .npz");
        Ablations ablations = Ablations.parseAll(ablate);
        try (Checkpoint ck = Checkpoint.open(modelOptions.model);
             Backend backend = modelOptions.createBackend(spec.commandLine().getErr());
             LoadedModel model = backend.load(ck)) {
            int vocab = ck.config().vocabSize();
            int[] ids;
            if (input.ids != null) {
                ids = GsaTokenizer.checkIds(input.ids, vocab);
            } else {
                try (GsaTokenizer tok = GsaTokenizer.forCheckpoint(modelOptions.model, vocab)) {
                    ids = tok.encode(input.prompt);
                }
            }
            if (ids.length == 0) throw new GsaException("the prompt has no tokens");
            ProbeSpec probes = ProbeSpec.parse(layers, ck.config().numLayers());
            ForwardResult r = TraceRunner.run(model, ids, mode.equals("step"), MeanDecay.resolve(model, ids, ablations), probes);
            NumericGuard.check(r); // a trace file with NaN in it would be silently wrong downstream
            AtomicFiles.write(out, force, os -> Npz.write(TraceArrays.of(ck.config(), r, probes), os));
        }
        return 0;
    }
}
