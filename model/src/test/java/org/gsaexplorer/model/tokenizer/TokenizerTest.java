package org.gsaexplorer.model.tokenizer;

import org.gsaexplorer.model.Fixtures;
import org.gsaexplorer.model.error.GsaException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizerTest {
    @Test
    void sampleTokenizerMapsKeysAndValues() {
        try (GsaTokenizer t = GsaTokenizer.forCheckpoint(Fixtures.sample("mqar-gsa-tiny").resolve("model"), 256)) {
            assertTrue(t.isText());
            assertArrayEquals(new int[]{12, 168, 7, 131, 12}, t.encode("k12 v40  k7\nv3 k12"));
            assertEquals("v40", t.token(168));
            assertEquals("k0", t.token(0));
            assertEquals(3000, t.encode("k1 v2 ".repeat(1500)).length, "long prompts are not truncated");
            GsaException e = assertThrows(GsaException.class, () -> t.encode("k12 v999"));
            assertTrue(e.getMessage().contains("'v999'"), e.getMessage());
        }
    }

    @Test
    void withoutTokenizerJsonPromptsAreIds() {
        try (GsaTokenizer t = GsaTokenizer.forCheckpoint(Fixtures.devModel(), 512)) {
            assertFalse(t.isText());
            assertArrayEquals(new int[]{1, 2, 511}, t.encode(" 1, 2 511 "));
            assertThrows(GsaException.class, () -> t.encode("1 512"));
            GsaException e = assertThrows(GsaException.class, () -> t.encode("hello"));
            assertTrue(e.getMessage().contains("'hello'"), e.getMessage());
        }
    }
}
