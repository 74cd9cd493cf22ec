package org.gsaexplorer.model.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gsaexplorer.model.error.GsaException;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

/**
 * Byte-level text: every byte is one token whose id is the byte's value, so any text (as UTF-8) and any byte
 * sequence round-trip. Token labels keep bytes readable in token strips: printable ASCII as itself, space as ␣,
 * newline as ⏎, every other byte (control bytes, the pieces of multi-byte characters) as hex, e.g. 0x09.
 * <p>
 * {@link #huggingFaceJson()} writes the same tokenizer as a Hugging Face tokenizer.json (a byte-level BPE with no
 * merges, the vocabulary mapping GPT-2's byte characters to the byte values), so other tools read these checkpoints
 * the same way; {@link #isByteLevel} recognises that file, which is then run here without the native library.
 */
public final class ByteTokenizer implements GsaTokenizer {
    public static final int VOCAB = 256;

    @Override
    public int[] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) ids[i] = bytes[i] & 0xff;
        return ids;
    }

    @Override
    public String token(int id) {
        GsaTokenizer.checkIds(new int[]{id}, VOCAB);
        if (id == ' ') return "␣";
        if (id == '\n') return "⏎";
        if (id > ' ' && id < 0x7f) return Character.toString(id);
        return "0x" + HexFormat.of().withUpperCase().toHexDigits((byte) id);
    }

    @Override
    public String decode(int[] ids) {
        GsaTokenizer.checkIds(ids, VOCAB);
        byte[] bytes = new byte[ids.length];
        for (int i = 0; i < ids.length; i++) bytes[i] = (byte) ids[i];
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean isText() {
        return true;
    }

    /** GPT-2's printable stand-in for each byte, as byte-level tokenizers spell their vocabularies. */
    private static final String[] BYTE_CHARS = new String[VOCAB];

    static {
        int unprintable = 0;
        for (int b = 0; b < VOCAB; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            BYTE_CHARS[b] = Character.toString(printable ? b : VOCAB + unprintable++);
        }
    }

    static String byteChar(int b) {
        return BYTE_CHARS[b];
    }

    /** This tokenizer as a Hugging Face tokenizer.json. */
    public static String huggingFaceJson() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        root.putArray("added_tokens");
        root.putNull("normalizer");
        root.set("pre_tokenizer", byteLevel(json));
        root.putNull("post_processor");
        root.set("decoder", byteLevel(json));
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("ignore_merges", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int b = 0; b < VOCAB; b++) vocab.put(byteChar(b), b);
        model.putArray("merges");
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new GsaException("cannot write the byte tokenizer: " + e.getMessage());
        }
    }

    private static ObjectNode byteLevel(ObjectMapper json) {
        ObjectNode n = json.createObjectNode();
        n.put("type", "ByteLevel");
        n.put("add_prefix_space", false);
        n.put("trim_offsets", false);
        n.put("use_regex", false);
        return n;
    }

    /** True for a tokenizer.json that is exactly this tokenizer: byte-level, no merges, byte b ↔ id b. */
    static boolean isByteLevel(JsonNode root) {
        JsonNode model = root.path("model"), vocab = model.path("vocab"), merges = model.path("merges");
        if (!"ByteLevel".equals(root.path("pre_tokenizer").path("type").asText())) return false;
        if (!"BPE".equals(model.path("type").asText()) || !(merges instanceof ArrayNode m) || !m.isEmpty()) return false;
        if (root.path("normalizer").isObject() || root.path("added_tokens").size() > 0 || vocab.size() != VOCAB) return false;
        for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int b = e.getValue().asInt(-1);
            if (b < 0 || b >= VOCAB || !byteChar(b).equals(e.getKey())) return false;
        }
        return true;
    }
}
