package org.gsaexplorer.visualizer.session;

import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.visualizer.catalog.ModelCatalog;

import java.nio.file.Path;

/**
 * The loaded model as the status bar and the views describe it.
 *
 * @param tokenText the text of a token id, from the checkpoint's tokenizer
 * @param byteLevel the tokenizer reads bytes (one token per byte), so the language tour applies
 */
public record ModelInfo(Path dir, GsaConfig config, String backend, String device, boolean textTokenizer,
                        java.util.function.IntFunction<String> tokenText, boolean byteLevel) {
    public String name() {
        return ModelCatalog.displayName(dir);
    }
}
