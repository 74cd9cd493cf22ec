package org.gsaexplorer.model.recall;

import org.gsaexplorer.model.tokenizer.GsaTokenizer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sample's word-level tokenizer.json: k0..k127 are ids 0..127 and v0..v127 are ids 128..255. */
class SampleTokenizerTest {
    @Test
    void everyKeyAndValueRoundTrips() {
        try (GsaTokenizer tok = GsaTokenizer.forCheckpoint(SampleModel.dir().resolve("model"), 256)) {
            assertTrue(tok.isText());
            StringBuilder text = new StringBuilder();
            int[] ids = new int[256];
            for (int id = 0; id < 256; id++) {
                String word = id < 128 ? "k" + id : "v" + (id - 128);
                assertEquals(word, tok.token(id));
                text.append(word).append(' ');
                ids[id] = id;
            }
            assertArrayEquals(ids, tok.encode(text.toString()));
            assertArrayEquals(new int[]{12, 168, 7, 131, 12}, tok.encode("k12 v40 k7 v3 k12"));
        }
    }
}
