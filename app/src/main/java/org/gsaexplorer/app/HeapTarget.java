package org.gsaexplorer.app;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * Keeps ZGC's soft heap target just above what the app really holds. The launcher starts the JVM with a small
 * target ({@code -XX:SoftMaxHeapSize}), so a run that makes garbage quickly (recall, the tour, long prefills) is
 * collected instead of growing the heap towards -Xmx and the machine's memory; when a large checkpoint keeps more
 * than that alive, the target follows its live set (1.5× plus a margin), so the collector does not run back to back.
 * Runs only when the launcher asked for it ({@value #PROPERTY}) and ZGC runs with a writable SoftMaxHeapSize, so
 * JAVA_OPTS given by the user are left alone.
 */
final class HeapTarget {
    static final String PROPERTY = "gsa.heap.followLiveSet";
    static final long MARGIN = 256L << 20;
    private static final long PERIOD_MS = 1000;

    private HeapTarget() {
    }

    /** Starts the daemon that adjusts the target, if this JVM lets it. */
    static void start() {
        if (!Boolean.getBoolean(PROPERTY)) return;
        HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        VMOption soft = hs.getVMOption("SoftMaxHeapSize");
        boolean zgc = ManagementFactory.getGarbageCollectorMXBeans().stream().anyMatch(g -> g.getName().startsWith("ZGC"));
        if (!zgc || !soft.isWriteable()) return;
        long base = Long.parseLong(soft.getValue()), max = Runtime.getRuntime().maxMemory();
        Thread t = new Thread(() -> {
            long current = base;
            while (true) {
                try {
                    Thread.sleep(PERIOD_MS);
                } catch (InterruptedException e) {
                    return;
                }
                long wanted = target(base, liveAfterLastCollection(), max);
                if (wanted != current) {
                    hs.setVMOption("SoftMaxHeapSize", Long.toString(wanted));
                    current = wanted;
                }
            }
        }, "heap-target");
        t.setDaemon(true);
        t.start();
    }

    /** The soft target for a live set: never below the launcher's base, never above -Xmx, rounded to 64 MiB. */
    static long target(long base, long live, long max) {
        long t = Math.max(base, live + live / 2 + MARGIN);
        return Math.min(max, (t + (63L << 20)) & ~((64L << 20) - 1));
    }

    /** Heap in use right after the last collection of each heap pool: what the app keeps alive. */
    private static long liveAfterLastCollection() {
        long live = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage u = p.getCollectionUsage();
            if (u != null && p.getType() == MemoryType.HEAP) live += u.getUsed();
        }
        return live;
    }
}
