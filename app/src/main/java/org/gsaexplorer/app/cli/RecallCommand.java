package org.gsaexplorer.app.cli;

import org.gsaexplorer.model.Backend;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.recall.MqarGenerator;
import org.gsaexplorer.model.recall.RecallEvaluator;
import org.gsaexplorer.model.recall.RecallReport;
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

@Command(name = "recall", mixinStandardHelpOptions = true, description = "Score multi-query associative recall (MQAR, the format of the sample's task.json) and print the accuracy.")
final class RecallCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--pairs", defaultValue = "16", paramLabel = "N", description = "key-value pairs per sequence, 1..63 (default 16)")
    int pairs;

    @Option(names = "--sequences", defaultValue = "1000", paramLabel = "K", description = "sequences to score (default 1000)")
    int sequences;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "generator seed (default 0)")
    long seed;

    @Mixin
    ThreadOptions threadOptions;

    @Option(names = "--ablate", paramLabel = "NAME[=VALUE]", description = AblateHelp.TEXT)
    List<String> ablate = new ArrayList<>();

    @Override
    public Integer call() {
        MqarGenerator.checkPairs(pairs, "--pairs");
        if (sequences < 1) throw new GsaException("--sequences " + sequences + ": must be at least 1");
        int workers = threadOptions.workers();
        Ablations ablations = Ablations.parseAll(ablate);
        PrintWriter out = spec.commandLine().getOut();
        try (Checkpoint ck = Checkpoint.open(modelOptions.model);
             Backend backend = modelOptions.createBackend(spec.commandLine().getErr());
             LoadedModel model = backend.load(ck)) {
            if (ck.config().vocabSize() < MqarGenerator.VALUE_BASE + MqarGenerator.VALUES)
                throw new GsaException(modelOptions.model + ": vocabulary of " + ck.config().vocabSize()
                        + " tokens is too small for MQAR (keys are ids 0..127, values 128..255)");
            long t0 = System.nanoTime();
            RecallReport r = RecallEvaluator.evaluate(model, pairs, sequences, seed, ablations, workers, done -> { });
            double seconds = (System.nanoTime() - t0) / 1e9;
            out.printf("model:      %s (%s)%n", modelOptions.model, backend.name());
            out.printf("task:       %d pairs, %d queries per sequence, %d sequences, seed %d%n", pairs, r.queriesPerSequence(), r.sequences(), seed);
            out.printf("ablations:  %s%n", ablations.describe());
            out.printf("correct:    %d of %d queries (%.1f s)%n", r.correct(), r.total(), seconds);
            out.printf("accuracy: %.4f%n", r.accuracy());
        }
        return 0;
    }
}
