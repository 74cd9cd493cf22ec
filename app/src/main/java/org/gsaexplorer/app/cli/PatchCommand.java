package org.gsaexplorer.app.cli;

import org.gsaexplorer.model.Backend;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.run.MeanDecay;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.io.AtomicFiles;
import org.gsaexplorer.model.patch.ActivationPatching;
import org.gsaexplorer.model.patch.PatchGrain;
import org.gsaexplorer.model.patch.PatchJson;
import org.gsaexplorer.model.patch.PatchResult;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.tokenizer.GsaTokenizer;
import org.gsaexplorer.model.weights.Checkpoint;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "patch", mixinStandardHelpOptions = true,
        description = "Activation patching on the slot memory: which part of the clean run's state at token T restores its answer in the corrupted run.")
final class PatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    static final class Clean {
        @Option(names = "--clean", paramLabel = "TEXT", description = "clean prompt (through tokenizer.json; token ids without one)")
        String text;
        @Option(names = "--clean-ids", split = ",", paramLabel = "ID", description = "clean prompt as token ids, e.g. 1,2,3")
        int[] ids;
    }

    static final class Corrupt {
        @Option(names = "--corrupt", paramLabel = "TEXT", description = "corrupted prompt, as many tokens as the clean one")
        String text;
        @Option(names = "--corrupt-ids", split = ",", paramLabel = "ID", description = "corrupted prompt as token ids")
        int[] ids;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Clean clean;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Corrupt corrupt;

    @Option(names = "--at", required = true, paramLabel = "T", description = "patch the state after token T-1 (0-based), then run tokens T..")
    int at;

    @Option(names = "--grain", defaultValue = "slot", paramLabel = "state|layer|head|slot", description = "what one patched component is (default slot)")
    String grain;

    @Option(names = "--layers", defaultValue = "all", paramLabel = "all|0,3", description = "layers whose components are patched one by one")
    String layers;

    @Option(names = "--answer", paramLabel = "TOKEN", description = "the clean answer token (default: the clean run's top-1 at the last position)")
    String answer;

    @Option(names = "--foil", paramLabel = "TOKEN", description = "the token it competes with (default: the corrupt run's top-1 there)")
    String foil;

    @Option(names = "--ablate", paramLabel = "NAME[=VALUE]", description = AblateHelp.TEXT + " (applied to every run)")
    List<String> ablate = new ArrayList<>();

    @Mixin
    ThreadOptions threadOptions;

    @Option(names = "--out", required = true, paramLabel = "FILE.json")
    Path out;

    @Option(names = "--force", description = "overwrite an existing output file")
    boolean force;

    @Override
    public Integer call() {
        PatchGrain g = PatchGrain.parse(grain);
        Ablations ablations = Ablations.parseAll(ablate);
        if (!out.getFileName().toString().endsWith(".json")) throw new GsaException("--out " + out + ": the file name must end in .json");
        int workers = threadOptions.workers();
        PrintWriter err = spec.commandLine().getErr();
        try (Checkpoint ck = Checkpoint.open(modelOptions.model);
             GsaTokenizer tok = GsaTokenizer.forCheckpoint(modelOptions.model, ck.config().vocabSize())) {
            int vocab = ck.config().vocabSize();
            int[] cleanIds = clean.ids != null ? GsaTokenizer.checkIds(clean.ids, vocab) : tok.encode(clean.text);
            int[] corruptIds = corrupt.ids != null ? GsaTokenizer.checkIds(corrupt.ids, vocab) : tok.encode(corrupt.text);
            ActivationPatching.Spec s = new ActivationPatching.Spec(cleanIds, corruptIds, at, g,
                    ProbeSpec.parse(layers, ck.config().numLayers()).layers(), token(tok, answer, "--answer"), token(tok, foil, "--foil"));
            try (Backend backend = modelOptions.createBackend(err); LoadedModel model = backend.load(ck)) {
                long t0 = System.nanoTime();
                PatchResult r = ActivationPatching.run(model, s, MeanDecay.resolve(model, cleanIds, ablations), workers, done -> { });
                double seconds = (System.nanoTime() - t0) / 1e9;
                AtomicFiles.write(out, force, os -> PatchJson.write(r, os));
                err.printf("%d %s components patched in %.2f s on %s (clean %.4f, corrupt %.4f on logit(%d) - logit(%d))%n",
                        r.effects().length, g.id(), seconds, backend.name(), r.clean(), r.corrupt(), r.answer(), r.foil());
            }
        }
        return 0;
    }

    /** A token given as text (it must be exactly one token) or, for a checkpoint without a tokenizer, as an id. */
    private static Integer token(GsaTokenizer tok, String text, String option) {
        if (text == null) return null;
        int[] ids = tok.encode(text);
        if (ids.length != 1) throw new GsaException(option + " '" + text + "' is " + ids.length + " tokens, not one");
        return ids[0];
    }
}
