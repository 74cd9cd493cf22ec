package org.gsaexplorer.model.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.tokenizer.GsaTokenizer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Evaluation text as token ids: a plain text file (UTF-8) tokenized whole, a {@code .jsonl} file whose every line is an
 * object with a string {@code text} field (one document per line), or a folder of such files (its own {@code .txt}
 * and {@code .jsonl} files, sorted by name, not its subfolders). Text goes through the checkpoint's tokenizer; for a
 * byte-level model that gives the file's bytes. Anything else (binary data, an empty file, a bad JSONL line) is one
 * {@link GsaException} naming the file and line.
 */
public final class TextCorpus {
    /** One document's tokens; {@code name} is its file, with ":line" for a JSONL record. */
    public record Document(String name, int[] tokens) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private TextCorpus() {
    }

    /** A whole plain text file's tokens. */
    public static int[] readText(Path file, GsaTokenizer tok) {
        return tok.encode(text(file));
    }

    /**
     * The documents of a file or folder, in order, cut after {@code maxTokens} tokens in all ({@code maxTokens} ≤ 0:
     * everything). Files past the cut are not read.
     */
    public static List<Document> read(Path path, GsaTokenizer tok, long maxTokens) {
        List<Path> files = files(path);
        List<Document> docs = new ArrayList<>();
        long left = maxTokens > 0 ? maxTokens : Long.MAX_VALUE;
        for (Path f : files) {
            if (left == 0) break;
            for (Document d : isJsonl(f) ? jsonl(f, tok) : List.of(new Document(f.toString(), readText(f, tok)))) {
                if (left == 0) break;
                int[] ids = d.tokens.length > left ? Arrays.copyOf(d.tokens, (int) left) : d.tokens;
                docs.add(new Document(d.name, ids));
                left -= ids.length;
            }
        }
        return docs;
    }

    private static List<Path> files(Path path) {
        if (!Files.exists(path)) throw new GsaException(path + ": no such file or folder");
        if (!Files.isDirectory(path)) return List.of(path);
        try (Stream<Path> s = Files.list(path)) {
            List<Path> files = s.filter(p -> Files.isRegularFile(p) && (isJsonl(p) || name(p).endsWith(".txt")))
                    .sorted().toList();
            if (files.isEmpty()) throw new GsaException(path + ": the folder holds no .txt or .jsonl file");
            return files;
        } catch (IOException e) {
            throw new GsaException(path + ": cannot list the folder (" + e.getMessage() + ")");
        }
    }

    private static String name(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT);
    }

    private static boolean isJsonl(Path p) {
        return name(p).endsWith(".jsonl");
    }

    /** The file as text; binary data (bytes that are not UTF-8, or NUL bytes, which text files never hold) is refused. */
    private static String text(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new GsaException(file + ": cannot read (" + e.getMessage() + ")");
        }
        if (bytes.length == 0) throw new GsaException(file + ": the file is empty");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new GsaException(file + ": not UTF-8 text (binary data?)");
        }
        int nul = text.indexOf('\0');
        if (nul >= 0) throw new GsaException(file + ": holds a NUL character at offset " + nul + " (binary data, not text)");
        return text;
    }

    private static List<Document> jsonl(Path file, GsaTokenizer tok) {
        String[] lines = text(file).split("\n", -1);
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) continue;
            String where = file + " line " + (i + 1);
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new GsaException(where + ": not valid JSON (" + GsaException.oneLine(e.getOriginalMessage()) + ")");
            }
            JsonNode text = node.isObject() ? node.get("text") : null;
            if (text == null || !text.isTextual())
                throw new GsaException(where + ": not a JSON object with a string field \"text\"");
            docs.add(new Document(file + ":" + (i + 1), tok.encode(text.asText())));
        }
        if (docs.isEmpty()) throw new GsaException(file + ": holds no JSON lines");
        return docs;
    }
}
