package org.gsaexplorer.app.fx;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.control.DialogPane;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * What the monkey test watches while it plays: uncaught exceptions on any thread (the FX thread's included), error
 * dialogs, pulses of the FX thread, and the process's resident memory.
 */
final class FxHealth implements AutoCloseable {
    /** A dialog the user did nothing wrong to get: Errors.message names the exception when it is not a GsaException. */
    private static final Pattern UNEXPECTED = Pattern.compile("^\\w*(Exception|Error)\\b|^out of memory");
    private static final long STALL_NS = 2_000_000_000L;

    final List<String> problems = new CopyOnWriteArrayList<>();
    /** Every distinct validation message seen, for the report. */
    final Set<String> expectedMessages = new ConcurrentSkipListSet<>();
    private final Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    private final Thread watchdog;
    private volatile long lastPulse = System.nanoTime();
    private volatile boolean stopped, watchingStalls;
    private volatile long peakRss, rssAfterWarmUp = -1;
    private AnimationTimer pulses;

    FxHealth() {
        Thread.UncaughtExceptionHandler h = (t, e) -> problems.add("uncaught on " + t.getName() + ": " + trace(e));
        Thread.setDefaultUncaughtExceptionHandler(h);
        org.gsaexplorer.visualizer.FxRuntime.call(() -> {
            // JavaFX hands exceptions from event handlers and pulses to the FX thread's own handler
            Thread.currentThread().setUncaughtExceptionHandler(h);
            pulses = new AnimationTimer() {
                @Override
                public void handle(long now) {
                    lastPulse = System.nanoTime();
                }
            };
            pulses.start();
            return null;
        });
        watchdog = new Thread(this::watch, "monkey-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /**
     * From now on a gap between pulses is a stall. The window's first show (class loading, the first CSS pass) is
     * start-up, which packaging/startup-bench.sh measures; on a loaded machine it alone can take over 2 s.
     */
    void watchStallsFromNow() {
        lastPulse = System.nanoTime();
        watchingStalls = true;
    }

    /** From now on resident memory is compared with what it is at this moment. */
    void warmedUp() {
        rssAfterWarmUp = residentBytes();
        peakRss = rssAfterWarmUp;
    }

    long rssAfterWarmUp() {
        return rssAfterWarmUp;
    }

    long peakRss() {
        return peakRss;
    }

    private void watch() {
        boolean stalled = false;
        while (!stopped) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            long gap = watchingStalls ? System.nanoTime() - lastPulse : 0, limit = stallLimit();
            if (gap > limit && !stalled) {
                stalled = true;
                problems.add("FX thread without a pulse for over " + limit / 1_000_000 + " ms; it was at:\n" + fxThreadStack());
            } else if (gap < limit) {
                stalled = false;
            }
            if (rssAfterWarmUp >= 0) peakRss = Math.max(peakRss, residentBytes());
        }
    }

    /**
     * 2 s on a machine with a core free for the explorer; longer in proportion while other work queues for the cores
     * (the 1-minute load average over the core count): there a frame waits for a core, not for the explorer, and a
     * software-rendered frame of the whole window took over 2 s at a load of 3 per core with the FX thread idle.
     */
    private static long stallLimit() {
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        double perCore = load / Runtime.getRuntime().availableProcessors();
        return (long) (STALL_NS * Math.max(1, perCore));
    }

    /** Reads and closes the error dialogs on screen (FX thread); a message naming an exception is a problem. */
    void checkDialogs(Stage main, String lastAction) {
        for (Window w : new ArrayList<>(Window.getWindows())) {
            if (w == main || !(w instanceof Stage s) || s.getScene() == null || !(s.getScene().getRoot() instanceof DialogPane p)) continue;
            String text = p.getContentText();
            if (UNEXPECTED.matcher(text == null ? "" : text).find()) problems.add("error dialog after " + lastAction + ": " + text);
            else expectedMessages.add(text);
            s.close();
        }
    }

    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status")))
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private static String fxThreadStack() {
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet())
            if (e.getKey().getName().equals("JavaFX Application Thread"))
                return String.join("\n", Arrays.stream(e.getValue()).limit(25).map(f -> "    at " + f).toList());
        return "(no FX thread)";
    }

    private static String trace(Throwable e) {
        java.io.StringWriter w = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(w));
        return w.toString().lines().limit(30).reduce((a, b) -> a + "\n" + b).orElse("");
    }

    @Override
    public void close() {
        stopped = true;
        watchdog.interrupt();
        Thread.setDefaultUncaughtExceptionHandler(previous);
        if (pulses != null) Platform.runLater(pulses::stop);
    }
}
