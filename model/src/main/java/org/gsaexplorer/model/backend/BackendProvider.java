package org.gsaexplorer.model.backend;

import org.gsaexplorer.model.Backend;

/**
 * Makes a backend known to {@link Backends} through {@link java.util.ServiceLoader}
 * (META-INF/services/org.gsaexplorer.model.backend.BackendProvider).
 */
public interface BackendProvider {
    String name();

    /** Order in lists and in automatic choice; lower first. */
    int priority();

    /** Null when the backend can run on this machine, otherwise one line saying why not (e.g. no GPU). */
    default String unavailableReason() {
        return null;
    }

    /** Creates the backend or throws a one-line GsaException saying why it cannot run here. */
    Backend create();
}
