package org.gsaexplorer.app.cli;

import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.weights.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "info", mixinStandardHelpOptions = true, description = "Print a checkpoint's config, weight layout, parameter count and dtype.")
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR")
    Path model;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Checkpoint ck = Checkpoint.open(model)) {
            GsaConfig c = ck.config();
            out.printf("model:       %s%n", model);
            out.printf("layout:      %s%n", ck.layout().description);
            out.printf("parameters:  %,d%n", ck.parameterCount());
            out.printf("dtype:       %s%n", ck.dominantDType());
            out.printf("tokenizer:   %s%n", Files.isRegularFile(model.resolve("tokenizer.json")) ? "tokenizer.json" : "none (prompts are token ids)");
            out.printf("hidden_size: %d   layers: %d   heads: %d (kv %d)   slots: %d%n", c.hiddenSize(), c.numLayers(), c.numHeads(), c.numKvHeads(), c.numSlots());
            out.printf("head dims:   dk %d, dv %d   intermediate: %d   vocab: %d%n", c.headKDim(), c.headVDim(), c.intermediateSize(), c.vocabSize());
            out.printf("feature_map: %s   gate_logit_normalizer: %s   short_conv: %s%n", c.featureMap().id, c.gateLogitNormalizer(),
                    c.useShortConv() ? "yes (size " + c.convSize() + ")" : "no");
            out.printf("norm_eps:    %s   elementwise_affine: %s   tie_word_embeddings: %s   hidden_act: %s%n",
                    c.normEps(), c.elementwiseAffine(), c.tieWordEmbeddings(), c.hiddenAct());
            long stateBytes = 4L * c.numLayers() * c.numKvHeads() * c.numSlots() * (c.headKDim() + c.headVDim());
            out.printf("state:       %,d bytes per sequence (fp32), whatever the context length%n", stateBytes);
        }
        return 0;
    }
}
