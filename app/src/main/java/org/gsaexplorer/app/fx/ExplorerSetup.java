package org.gsaexplorer.app.fx;

import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.backend.Backends;
import org.gsaexplorer.visualizer.catalog.ModelCatalog;
import org.gsaexplorer.visualizer.session.ExplorerViewModel;
import org.gsaexplorer.visualizer.session.StarterPrompt;

import java.nio.file.Path;

/**
 * How the explorer starts: which model, backend and prompt, and where the cursor sits.
 *
 * @param defaultModel no model was asked for, so the bundled default sample opens
 */
public record ExplorerSetup(Path model, String backend, String prompt, int cursor, boolean defaultModel) {
    /**
     * The bundled MQAR sample unless a model is given; without a prompt, the model's starter prompt (for the MQAR
     * sample 8 pairs and 8 recalls, positioned on the 5th recall key; for a byte-level model a short Rust program).
     */
    public static ExplorerSetup defaults(Path model, String backend, String prompt, int steps) {
        Path dir = model != null ? model : ModelCatalog.defaultModel();
        if (dir == null) throw new GsaException("no model given and samples/ not found (run from the GSA Explorer folder or pass --model DIR)");
        if (!java.nio.file.Files.isRegularFile(dir.resolve("config.json")))
            throw new GsaException("--model " + dir + ": not a checkpoint folder (it needs config.json and model.safetensors)");
        String be = backend != null ? backend : defaultBackend();
        if (!Backends.names().contains(be))
            throw new GsaException("--backend " + be + ": unknown backend (available: " + String.join(", ", Backends.availableNames()) + ")");
        if (prompt != null) return new ExplorerSetup(dir, be, prompt, steps, model == null);
        StarterPrompt p = StarterPrompt.of(dir);
        return new ExplorerSetup(dir, be, p.text(), steps >= 0 ? steps : p.cursor(), model == null);
    }

    /**
     * The preferred backend ({@link Backends#DEFAULT}, the fastest exact CPU engine), even where it cannot start: the
     * explorer then opens on the CPU fallback and shows why in one line.
     */
    public static String defaultBackend() {
        return Backends.DEFAULT;
    }

    /** Opens the model in {@code vm} and waits until the views have what they need. */
    public void openIn(ExplorerViewModel vm) {
        vm.open(model, backend, prompt, cursor).join();
        vm.idle().join();
    }
}
