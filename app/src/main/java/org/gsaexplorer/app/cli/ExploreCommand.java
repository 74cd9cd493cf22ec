package org.gsaexplorer.app.cli;

import org.gsaexplorer.app.fx.ExplorerApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "explore", mixinStandardHelpOptions = true, description = "Open the desktop explorer (the default with no command): the bundled MQAR sample, or --model DIR.")
final class ExploreCommand implements Callable<Integer> {
    @Mixin
    ExplorerOptions explorer;

    @Override
    public Integer call() {
        ExplorerApp.run(explorer.setup(-1));
        return 0;
    }
}
