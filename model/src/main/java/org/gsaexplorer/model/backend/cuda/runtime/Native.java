package org.gsaexplorer.model.backend.cuda.runtime;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/** Loads a shared library by soname (first one found of a list) and binds its C functions. */
final class Native {
    final String soname;
    private final SymbolLookup lookup;

    private Native(String soname, SymbolLookup lookup) {
        this.soname = soname;
        this.lookup = lookup;
    }

    /** The first of {@code sonames} that the dynamic loader finds, or null. */
    static Native load(List<String> sonames) {
        for (String s : sonames) {
            try {
                return new Native(s, SymbolLookup.libraryLookup(s, Arena.global()));
            } catch (IllegalArgumentException notFound) {
                // try the next soname
            }
        }
        return null;
    }

    /** A function returning an int status. */
    MethodHandle status(String name, MemoryLayout... args) {
        return fn(name, FunctionDescriptor.of(JAVA_INT, args));
    }

    MethodHandle fn(String name, FunctionDescriptor d) {
        var sym = lookup.find(name).orElseThrow(() -> new org.gsaexplorer.model.error.GsaException(
                soname + " has no function " + name + " (library too old?)"));
        return Linker.nativeLinker().downcallHandle(sym, d);
    }
}
