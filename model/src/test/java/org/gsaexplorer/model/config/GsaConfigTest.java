package org.gsaexplorer.model.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gsaexplorer.model.error.GsaException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GsaConfigTest {
    static ObjectNode base() {
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.put("model_type", "gsa").put("hidden_size", 256).put("num_hidden_layers", 2).put("num_heads", 4)
                .put("vocab_size", 512).putNull("num_slots").putNull("intermediate_size").putNull("num_kv_heads");
        return n;
    }

    @Test
    void derivesSizesAsFlaDoes() {
        GsaConfig c = GsaConfig.parse(base(), "t");
        assertEquals(768, c.intermediateSize()); // 682 rounded up to a multiple of 256
        assertEquals(64, c.numSlots()); // null → head_k_dim
        assertEquals(4, c.numKvHeads());
        assertEquals(8.0, c.gateLogitNormalizer());
        assertEquals(512, GsaConfig.defaultIntermediate(192, 3));
        GsaConfig half = GsaConfig.parse(base().put("expand_k", 0.5).put("num_kv_heads", 2), "t");
        assertEquals(128, half.keyDim());
        assertEquals(32, half.headKDim());
        assertEquals(2, half.groups());
        assertEquals(64, half.kvKeyDim());
    }

    @Test
    void rejectsWhatCannotRunWithTheFieldNamed() {
        String[][] bad = {{"expand_v", "2"}, {"hidden_size", "-1"}, {"num_kv_heads", "3"}, {"feature_map", "\"elu\""},
                {"hidden_act", "\"powlu\""}, {"hidden_act", "\"gelu\""}, {"model_type", "\"llama\""}, {"num_heads", "\"four\""},
                {"gate_logit_normalizer", "0"}, {"attn", "{\"layers\": [1]}"}};
        for (String[] b : bad) {
            ObjectNode n = base();
            try {
                n.set(b[0], new ObjectMapper().readTree(b[1]));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            GsaException e = assertThrows(GsaException.class, () -> GsaConfig.parse(n, "config.json"), b[0]);
            assertTrue(e.getMessage().contains(b[0]), e.getMessage());
        }
    }
}
