package org.gsaexplorer.visualizer.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's resident memory (heap, native and JavaFX alike) as the kernel counts it, from /proc/self/status. */
final class ResidentMemory {
    private ResidentMemory() {
    }

    /** VmRSS now, in MiB. */
    static long nowMiB() {
        return field("VmRSS:");
    }

    /** VmHWM, the largest VmRSS since the process started, in MiB. */
    static long peakMiB() {
        return field("VmHWM:");
    }

    private static long field(String name) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status")))
                if (l.startsWith(name)) return Long.parseLong(l.replaceAll("\\D", "")) / 1024;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no " + name + " in /proc/self/status");
    }
}
