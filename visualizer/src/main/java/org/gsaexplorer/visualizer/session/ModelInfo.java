package org.gsaexplorer.visualizer.session;

import org.gsaexplorer.model.config.GsaConfig;

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
        Path n = dir.getFileName();
        Path parent = dir.getParent();
        // checkpoints usually live in a folder called "model" or a snapshot hash; the parent names them better
        if (parent != null && (n.toString().equals("model") || n.toString().matches("[0-9a-f]{40}")))
            return parent.getFileName() + "/" + n;
        return n.toString();
    }
}
