package org.gsaexplorer.app.cli;

import org.gsaexplorer.model.error.GsaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The command line: subcommands, and the contract that every bad input is exit code 2 with one "error: ..." line. */
@Command(name = "gsa-explorer", mixinStandardHelpOptions = true, version = "GSA Explorer 0.1",
        description = "Watch a Gated Slot Attention language model think. With no command: open the desktop explorer.",
        subcommands = {InfoCommand.class, TraceCommand.class, BenchCommand.class, ExploreCommand.class, SnapshotCommand.class, RecallCommand.class, EvalCommand.class, GenerateCommand.class, PatchCommand.class, ReportCommand.class})
public final class Cli implements Runnable {
    public static final int EXIT_BAD_INPUT = 2;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "missing command");
    }

    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Cli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("error: " + ex.getMessage());
            return EXIT_BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            err.println("error: " + userMessage(ex));
            if (!(ex instanceof GsaException) && Boolean.getBoolean("gsa.debug")) ex.printStackTrace(err);
            return EXIT_BAD_INPUT;
        });
        // no command: the desktop explorer
        return cl.execute(args.length == 0 ? new String[]{"explore"} : args);
    }

    /** One line for the user: our own messages as they are; anything unexpected named by its type. */
    static String userMessage(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause())
            if (t instanceof GsaException g) return g.getMessage();
        if (ex instanceof OutOfMemoryError)
            return "out of memory (" + ex.getMessage() + "); give Java more with JAVA_OPTS=-Xmx<size>";
        String msg = ex.getMessage();
        return ex.getClass().getSimpleName() + (msg == null ? "" : ": " + msg.lines().findFirst().orElse(""));
    }
}
