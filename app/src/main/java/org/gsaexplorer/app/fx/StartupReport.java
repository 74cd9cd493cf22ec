package org.gsaexplorer.app.fx;

import com.sun.management.OperatingSystemMXBean;
import javafx.stage.Stage;
import org.gsaexplorer.visualizer.ui.ExplorerWindow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Start-up measurement: with {@code -Dgsa.startup.report=FILE}, the explorer writes the milliseconds from JVM start to
 * its first frame showing a model's numbers, the wall-clock time of that frame (so a benchmark can also count what
 * ran before the JVM: launcher script, process start) and the CPU time the process had used by then (all its threads;
 * on a shared machine it moves less with other load than the elapsed time). With {@code -Dgsa.startup.quit=true} it
 * then closes the window, so the process exits normally: the class-data archive's training run (packaging) is the
 * real start-up path, and the JVM writes the archive at exit.
 */
final class StartupReport {
    static final String PROPERTY = "gsa.startup.report", QUIT = "gsa.startup.quit";

    private StartupReport() {
    }

    static void arm(ExplorerWindow win, Stage stage) {
        String file = System.getProperty(PROPERTY);
        boolean quit = Boolean.getBoolean(QUIT);
        if (file == null && !quit) return;
        win.onFirstPopulatedFrame(() -> {
            if (file != null) write(Path.of(file));
            if (quit) stage.close();
        });
    }

    private static void write(Path file) {
        long now = System.currentTimeMillis();
        long sinceJvmStart = now - ManagementFactory.getRuntimeMXBean().getStartTime();
        long cpu = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class).getProcessCpuTime();
        String text = "first_frame_ms=" + sinceJvmStart + "\nframe_epoch_ms=" + now + "\ncpu_ms=" + cpu / 1_000_000 + "\n";
        try {
            // written whole, then moved, so a reader polling for the file never sees half of it
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the start-up report " + file, e);
        }
    }
}
