package org.gsaexplorer.model.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.gsaexplorer.model.error.GsaException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** A Hugging Face tokenizer.json through DJL's binding of the tokenizers library (works offline). */
public final class HfTokenizer implements GsaTokenizer {
    private final HuggingFaceTokenizer tok;
    private final int vocabSize;
    private final String unk;

    private HfTokenizer(HuggingFaceTokenizer tok, int vocabSize, String unk) {
        this.tok = tok;
        this.vocabSize = vocabSize;
        this.unk = unk;
    }

    /** DJL truncates to 512 tokens unless told otherwise; a GSA prompt may be any length. */
    public static HfTokenizer load(Path file, int vocabSize) {
        try {
            HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(file, Map.of("addSpecialTokens", "false", "truncation", "false"));
            return new HfTokenizer(t, vocabSize, unkToken(file));
        } catch (IOException | RuntimeException e) {
            throw new GsaException(file + ": not a usable tokenizer.json (" + firstLine(e.getMessage()) + ")");
        }
    }

    private static String unkToken(Path file) {
        return readJson(file).map(root -> root.path("model").path("unk_token")).filter(JsonNode::isTextual)
                .map(JsonNode::textValue).orElse(null);
    }

    /** The file as JSON, or empty when it is not readable JSON (loading it then says what is wrong). */
    static Optional<JsonNode> readJson(Path file) {
        try {
            return Optional.of(new ObjectMapper().readTree(file.toFile()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public int[] encode(String text) {
        ai.djl.huggingface.tokenizers.Encoding enc;
        try {
            enc = tok.encode(text, false, false);
        } catch (RuntimeException e) {
            throw new GsaException(unknownWord(text) + " (" + firstLine(e.getMessage()) + ")");
        }
        long[] ids = enc.getIds();
        String[] toks = enc.getTokens();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (unk != null && unk.equals(toks[i])) {
                var span = enc.getCharTokenSpans()[i];
                String word = span == null ? "?" : text.substring(span.getStart(), span.getEnd());
                throw new GsaException("unknown token '" + word + "' in the prompt (the tokenizer maps it to " + unk + ")");
            }
            out[i] = (int) ids[i];
        }
        return GsaTokenizer.checkIds(out, vocabSize);
    }

    /** The tokenizers library does not say which word failed (e.g. WordLevel without an unknown token): find it. */
    private String unknownWord(String text) {
        for (String word : text.strip().split("\\s+")) {
            try {
                tok.encode(word, false, false);
            } catch (RuntimeException e) {
                return "unknown token '" + word + "' in the prompt";
            }
        }
        return "the prompt cannot be tokenized";
    }

    @Override
    public String token(int id) {
        return tok.decode(new long[]{id}, false);
    }

    @Override
    public String decode(int[] ids) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) l[i] = ids[i];
        return tok.decode(l, false);
    }

    @Override
    public boolean isText() {
        return true;
    }

    @Override
    public void close() {
        tok.close();
    }

    private static String firstLine(String s) {
        return s == null ? "unreadable" : s.lines().findFirst().orElse("");
    }
}
