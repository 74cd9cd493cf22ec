package org.gsaexplorer.visualizer.session;

import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.tokenizer.ByteTokenizer;
import org.gsaexplorer.model.tokenizer.GsaTokenizer;

import java.nio.file.Path;

/**
 * The prompt a model opens with when none is given, chosen by what its tokenizer reads: a short Rust program for a
 * byte-level model, an associative recall prompt for the recall sample's k/v vocabulary, nothing otherwise.
 *
 * @param cursor tokens consumed at first (−1: the whole prompt)
 */
public record StarterPrompt(String text, int cursor) {
    /**
     * A small program with the patterns the language tour points at: nested braces and parentheses, and identifiers
     * that come back (guess, secret, attempt).
     */
    public static final String RUST = """
            fn main() {
                let secret = 42;
                let mut guess = String::new();
                for attempt in 1..4 {
                    if guess.trim() == "42" {
                        println!("attempt {}: you win", attempt);
                    }
                }
                println!("secret {} guess {}", secret, guess);
            }
            """;

    public static StarterPrompt of(GsaTokenizer tokenizer) {
        if (tokenizer instanceof ByteTokenizer) return new StarterPrompt(RUST, -1);
        if (spellsRecall(tokenizer)) {
            MqarPrompt p = MqarPrompt.generate(8, 8, 7);
            return new StarterPrompt(p.text(), p.cursorAtQuery(4));
        }
        return new StarterPrompt("", -1);
    }

    /** The starter of the checkpoint in {@code dir}, read from its config and tokenizer. */
    public static StarterPrompt of(Path dir) {
        GsaConfig c = GsaConfig.load(dir.resolve("config.json"));
        try (GsaTokenizer t = GsaTokenizer.forCheckpoint(dir, c.vocabSize())) {
            return of(t);
        }
    }

    /** The recall sample's vocabulary: keys k0..k127, then values v0..v127. */
    private static boolean spellsRecall(GsaTokenizer t) {
        try {
            return t.isText() && "k0".equals(t.token(0)) && "v0".equals(t.token(128));
        } catch (GsaException outsideTheVocabulary) {
            return false;
        }
    }
}
