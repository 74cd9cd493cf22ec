package org.gsaexplorer.model.backend.nd4j;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * glibc malloc settings that keep ND4J's freed buffers from staying resident. ND4J allocates its arrays and
 * workspaces with malloc; glibc gives every new thread its own arena (up to 8 per core) and, once a large block has
 * been freed, serves blocks up to 32 MiB from the arenas, where freed memory stays resident. Measured with sessions on
 * short-lived worker threads (as recall and the tour use): anonymous memory climbed 80 → 750 MiB; with two arenas and
 * large blocks always mapped (returned on free) it stays at 150–180 MiB. Applied once, when the ND4J backend is used;
 * on a C library without mallopt it does nothing.
 */
final class MallocTuning {
    private static final int M_MMAP_THRESHOLD = -3, M_ARENA_MAX = -8;
    private static final int ARENAS = 2, MMAP_THRESHOLD_BYTES = 4 << 20;
    private static volatile boolean applied;

    private MallocTuning() {
    }

    static synchronized void apply() {
        if (applied) return;
        applied = true;
        Linker linker = Linker.nativeLinker();
        linker.defaultLookup().find("mallopt").ifPresent(symbol -> {
            MethodHandle mallopt = linker.downcallHandle(symbol,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            set(mallopt, M_ARENA_MAX, ARENAS);
            set(mallopt, M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES);
        });
    }

    /** mallopt returns 0 when glibc refuses a value; then the default stays, which is only a missed optimisation. */
    private static void set(MethodHandle mallopt, int param, int value) {
        try {
            int refusedIfZero = (int) mallopt.invokeExact(param, value);
        } catch (Throwable e) {
            throw new AssertionError("mallopt(" + param + ", " + value + ") failed", e);
        }
    }
}
