package org.gsaexplorer.app.fx;

import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.backend.Backends;
import org.gsaexplorer.visualizer.catalog.ModelCatalog;
import org.gsaexplorer.visualizer.session.ExplorerViewModel;
import org.gsaexplorer.visualizer.session.MqarPrompt;

import java.nio.file.Path;

/** How the explorer starts: which model, backend and prompt, and where the cursor sits. */
public record ExplorerSetup(Path model, String backend, String prompt, int cursor) {
    /** The bundled MQAR sample with 8 pairs and 8 recalls, positioned on the 5th recall key. */
    public static ExplorerSetup defaults(Path model, String backend, String prompt, int steps) {
        Path dir = model != null ? model : ModelCatalog.defaultModel();
        if (dir == null) throw new GsaException("no model given and samples/ not found (run from the GSA Explorer folder or pass --model DIR)");
        if (!java.nio.file.Files.isRegularFile(dir.resolve("config.json")))
            throw new GsaException("--model " + dir + ": not a checkpoint folder (it needs config.json and model.safetensors)");
        String be = backend != null ? backend : defaultBackend();
        if (!Backends.names().contains(be))
            throw new GsaException("--backend " + be + ": unknown backend (available: " + String.join(", ", Backends.availableNames()) + ")");
        if (prompt != null) return new ExplorerSetup(dir, be, prompt, steps);
        MqarPrompt p = MqarPrompt.generate(8, 8, 7);
        return new ExplorerSetup(dir, be, p.text(), steps >= 0 ? steps : p.cursorAtQuery(4));
    }

    /** nd4j when it can run here (the fast CPU engine), else the first usable backend. */
    public static String defaultBackend() {
        var names = Backends.availableNames();
        return names.contains("nd4j") ? "nd4j" : names.getFirst();
    }

    /** Opens the model in {@code vm} and waits until the views have what they need. */
    public void openIn(ExplorerViewModel vm) {
        vm.open(model, backend, prompt, cursor).join();
        vm.idle().join();
    }
}
