package org.gsaexplorer.model.backend.cuda.runtime;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Fault injection for tests: makes the next device allocations, kernel compilations or launches fail as if the GPU had
 * refused them, so callers' fallback paths can be exercised without a broken GPU. Armed from code ({@link #arm}) or
 * with {@code -Dgsa.cuda.fault=alloc,compile,launch}. Injected faults go through the same error mapping as real ones.
 */
public final class CudaFaults {
    public enum Fault { ALLOC, COMPILE, LAUNCH }

    private static final Set<Fault> ARMED = EnumSet.noneOf(Fault.class);

    static {
        String prop = System.getProperty("gsa.cuda.fault");
        if (prop != null)
            for (String s : prop.split(","))
                if (!s.isBlank()) ARMED.add(Fault.valueOf(s.trim().toUpperCase(Locale.ROOT)));
    }

    private CudaFaults() {
    }

    public static synchronized void arm(Fault f) {
        ARMED.add(f);
    }

    public static synchronized void disarm(Fault f) {
        ARMED.remove(f);
    }

    public static synchronized void clear() {
        ARMED.clear();
    }

    static synchronized boolean armed(Fault f) {
        return ARMED.contains(f);
    }
}
