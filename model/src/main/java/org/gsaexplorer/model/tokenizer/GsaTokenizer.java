package org.gsaexplorer.model.tokenizer;

import org.gsaexplorer.model.GsaException;

import java.nio.file.Files;
import java.nio.file.Path;

/** Text ↔ token ids for a checkpoint: its tokenizer.json when it has one, otherwise ids written as numbers. */
public interface GsaTokenizer extends AutoCloseable {
    int[] encode(String text);

    /** The text of one token, for token strips and tooltips. */
    String token(int id);

    /** True when the checkpoint has a real tokenizer (otherwise prompts are numeric ids). */
    boolean isText();

    @Override
    default void close() {
    }

    /** The checkpoint's tokenizer.json if present, else {@link IdTokenizer}. */
    static GsaTokenizer forCheckpoint(Path dir, int vocabSize) {
        Path file = dir.resolve("tokenizer.json");
        return Files.isRegularFile(file) ? HfTokenizer.load(file, vocabSize) : new IdTokenizer(vocabSize);
    }

    /** Checks ids against the vocabulary, naming the first bad one. */
    static int[] checkIds(int[] ids, int vocabSize) {
        for (int id : ids)
            if (id < 0 || id >= vocabSize) throw new GsaException("token id " + id + " is outside the vocabulary 0.." + (vocabSize - 1));
        return ids;
    }
}
