package org.gsaexplorer.model.backend.nd4j;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Makes ND4J's OpenMP threads sleep rather than spin while they wait for work (OMP_WAIT_POLICY=PASSIVE), unless the
 * user chose a policy. Spinning threads starve everything else on a busy machine (measured: 13x slower prefill). The
 * launcher script exports the variable, but a packaged app's native launcher cannot, so the process sets it itself;
 * libgomp reads it once, when ND4J's native library loads, which is after this runs.
 */
final class OpenMpWaitPolicy {
    private static volatile boolean applied;

    private OpenMpWaitPolicy() {
    }

    static synchronized void apply() {
        if (applied) return;
        applied = true;
        Linker linker = Linker.nativeLinker();
        linker.defaultLookup().find("setenv").ifPresent(symbol -> {
            MethodHandle setenv = linker.downcallHandle(symbol,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment name = arena.allocateFrom("OMP_WAIT_POLICY"), value = arena.allocateFrom("PASSIVE");
                // overwrite = 0: a policy already in the environment stays
                int failedIfNonZero = (int) setenv.invokeExact(name, value, 0);
            } catch (Throwable e) {
                throw new AssertionError("setenv(OMP_WAIT_POLICY) failed", e);
            }
        });
    }
}
