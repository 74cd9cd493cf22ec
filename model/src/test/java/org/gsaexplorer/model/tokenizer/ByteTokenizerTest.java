package org.gsaexplorer.model.tokenizer;

import org.gsaexplorer.model.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class ByteTokenizerTest {
    static final Path RUST = Fixtures.sample("rust-docs-gsa").resolve("model");
    static final List<String> TEXTS = List.of("fn main() {\n    println!(\"hi\");\n}\n", "tab\there", "naïve — ünïcödé ✓ 🦀",
            "\u0000\u0001\u007f end", "  two  spaces ", "");

    @Test
    void everyByteIsOneTokenWithItsValue() {
        int[] ids = new ByteTokenizer().encode(new String(new byte[]{'a', (byte) 0xC3, (byte) 0xA9}, StandardCharsets.UTF_8));
        assertArrayEquals(new int[]{'a', 0xC3, 0xA9}, ids);
        SplittableRandom rng = new SplittableRandom(3);
        for (int n = 0; n < 200; n++) {
            int[] random = rng.ints(rng.nextInt(64), 0, 256).toArray();
            String text = new ByteTokenizer().decode(random);
            // valid UTF-8 round-trips exactly; any byte run decodes to what Java's UTF-8 decoder makes of it
            byte[] raw = new byte[random.length];
            for (int i = 0; i < raw.length; i++) raw[i] = (byte) random[i];
            assertEquals(new String(raw, StandardCharsets.UTF_8), text);
        }
    }

    @Test
    void anyTextRoundTrips() {
        SplittableRandom rng = new SplittableRandom(5);
        ByteTokenizer t = new ByteTokenizer();
        for (String s : TEXTS) assertEquals(s, t.decode(t.encode(s)));
        for (int n = 0; n < 500; n++) {
            StringBuilder sb = new StringBuilder();
            for (int i = rng.nextInt(40); i > 0; i--) {
                int cp = rng.nextInt(0x10FFFF);
                if (Character.getType(cp) != Character.SURROGATE && Character.isDefined(cp)) sb.appendCodePoint(cp);
            }
            assertEquals(sb.toString(), t.decode(t.encode(sb.toString())));
        }
    }

    @Test
    void labelsKeepBytesReadable() {
        ByteTokenizer t = new ByteTokenizer();
        assertEquals("␣", t.token(' '));
        assertEquals("⏎", t.token('\n'));
        assertEquals("0x09", t.token('\t'));
        assertEquals("0x00", t.token(0));
        assertEquals("0x7F", t.token(0x7f));
        assertEquals("a", t.token('a'));
        assertEquals("{", t.token('{'));
        assertEquals("0xE2", t.token(0xE2));
    }

    @Test
    void theShippedTokenizerJsonIsTheOneTheProjectWrites() throws Exception {
        assertEquals(ByteTokenizer.huggingFaceJson(), Files.readString(RUST.resolve("tokenizer.json")));
        try (GsaTokenizer t = GsaTokenizer.forCheckpoint(RUST, 256)) {
            assertInstanceOf(ByteTokenizer.class, t);
        }
    }

    /** The Hugging Face tokenizers library reads the shipped file exactly as the Java tokenizer encodes and decodes. */
    @Test
    void huggingFaceAgreesWithTheJavaTokenizer() {
        ByteTokenizer bytes = new ByteTokenizer();
        try (HfTokenizer hf = HfTokenizer.load(RUST.resolve("tokenizer.json"), 256)) {
            for (String s : TEXTS) {
                if (s.isEmpty()) continue;
                assertArrayEquals(bytes.encode(s), hf.encode(s), s);
                assertEquals(s, hf.decode(bytes.encode(s)), s);
            }
        }
    }

    @Test
    void aByteVocabularyWithoutTokenizerJsonReadsTextAsBytes(@TempDir Path dir) {
        try (GsaTokenizer t = GsaTokenizer.forCheckpoint(dir, 256); GsaTokenizer ids = GsaTokenizer.forCheckpoint(dir, 300)) {
            assertInstanceOf(ByteTokenizer.class, t);
            assertInstanceOf(IdTokenizer.class, ids);
            assertArrayEquals(new int[]{'h', 'i'}, t.encode("hi"));
        }
    }
}
