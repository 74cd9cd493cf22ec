package org.gsaexplorer.model.backend.nd4j;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The native environment libgomp will read: PASSIVE unless the process was started with a policy of its own. */
class OpenMpWaitPolicyTest {
    @Test
    void theProcessEnvironmentHasAPolicyAndAGivenOneIsKept() throws Throwable {
        OpenMpWaitPolicy.apply();
        String given = System.getenv("OMP_WAIT_POLICY");
        assertEquals(given != null ? given : "PASSIVE", nativeGetenv("OMP_WAIT_POLICY"));
    }

    private static String nativeGetenv(String name) throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle getenv = linker.downcallHandle(linker.defaultLookup().find("getenv").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = (MemorySegment) getenv.invokeExact(arena.allocateFrom(name));
            return value.equals(MemorySegment.NULL) ? null : value.reinterpret(Long.MAX_VALUE).getString(0);
        }
    }
}
