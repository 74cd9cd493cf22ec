package org.gsaexplorer.model.backend;

import org.gsaexplorer.model.Backend;
import org.gsaexplorer.model.error.GsaException;

import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** Finds backends by name. */
public final class Backends {
    /**
     * The backend used when none is named (CLI, bench, explorer) and where a failing GPU continues: the fastest exact
     * CPU backend as `bench` measures it (vector: 2.5x nd4j's prefill and decode on the Rust sample, same run).
     */
    public static final String DEFAULT = "vector";

    private Backends() {
    }

    public static List<BackendProvider> providers() {
        return ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparingInt(BackendProvider::priority)).toList();
    }

    public static List<String> names() {
        return providers().stream().map(BackendProvider::name).toList();
    }

    /** Names of the backends that can run on this machine (for choosers). */
    public static List<String> availableNames() {
        return providers().stream().filter(p -> p.unavailableReason() == null).map(BackendProvider::name).toList();
    }

    /** The backend called {@code name}; throws a one-line GsaException when unknown or unusable here. */
    public static Backend create(String name) {
        for (BackendProvider p : providers()) if (p.name().equals(name)) return p.create();
        throw new GsaException("unknown backend '" + name + "' (available: " + String.join(", ", names()) + ")");
    }

    /** The CPU backend to continue on when another cannot run: the default where it can start here, else the plain-Java one. */
    public static String cpuFallback() {
        return availableNames().contains(DEFAULT) ? DEFAULT : "reference";
    }

    /** A fallback result: the backend asked for, or the fallback with the reason the first could not be used. */
    public record Choice(Backend backend, String fallbackReason) {
    }

    /** Tries {@code wanted}; if it cannot run here, uses {@code fallback} and says why. */
    public static Choice createOrFallback(String wanted, String fallback) {
        if (!names().contains(wanted))
            throw new GsaException("unknown backend '" + wanted + "' (available: " + String.join(", ", names()) + ")");
        try {
            return new Choice(create(wanted), null);
        } catch (GsaException e) {
            if (wanted.equals(fallback)) throw e;
            return new Choice(create(fallback), e.getMessage());
        }
    }
}
