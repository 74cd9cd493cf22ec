package org.gsaexplorer.app.cli;

import org.gsaexplorer.app.fx.ExplorerApp;
import org.gsaexplorer.app.fx.ExplorerSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "explore", mixinStandardHelpOptions = true, description = "Open the desktop explorer (the default with no command): the bundled MQAR sample, or --model DIR.")
final class ExploreCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "DIR", description = "checkpoint folder (default: samples/mqar-gsa-tiny/model)")
    Path model;

    @Option(names = "--backend", paramLabel = "NAME", description = "engine backend (default: nd4j when available)")
    String backend;

    @Option(names = "--prompt", paramLabel = "TEXT", description = "prompt (default: an MQAR recall prompt for the sample)")
    String prompt;

    @Override
    public Integer call() {
        ExplorerApp.run(ExplorerSetup.defaults(model, backend, prompt, -1));
        return 0;
    }
}
