package org.gsaexplorer.model.tokenizer;

import org.gsaexplorer.model.error.GsaException;

import java.nio.file.Files;
import java.nio.file.Path;

/** Text ↔ token ids for a checkpoint: its tokenizer.json when it has one, otherwise ids written as numbers. */
public interface GsaTokenizer extends AutoCloseable {
    int[] encode(String text);

    /** The text of one token, for token strips and tooltips. */
    String token(int id);

    /** The text of a run of tokens, as a reader sees it (for generated continuations). */
    String decode(int[] ids);

    /** True when the checkpoint has a real tokenizer (otherwise prompts are numeric ids). */
    boolean isText();

    @Override
    default void close() {
    }

    /**
     * The checkpoint's tokenizer.json if present (run in Java when it is the byte-level one); without one, bytes for a
     * vocabulary of exactly 256 (a byte-level model) and {@link IdTokenizer} otherwise.
     */
    static GsaTokenizer forCheckpoint(Path dir, int vocabSize) {
        Path file = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) return vocabSize == ByteTokenizer.VOCAB ? new ByteTokenizer() : new IdTokenizer(vocabSize);
        return HfTokenizer.readJson(file).map(ByteTokenizer::isByteLevel).orElse(false) && vocabSize == ByteTokenizer.VOCAB
                ? new ByteTokenizer() : HfTokenizer.load(file, vocabSize);
    }

    /** Checks ids against the vocabulary, naming the first bad one. */
    static int[] checkIds(int[] ids, int vocabSize) {
        for (int id : ids)
            if (id < 0 || id >= vocabSize) throw new GsaException("token id " + id + " is outside the vocabulary 0.." + (vocabSize - 1));
        return ids;
    }
}
