package org.gsaexplorer.model.weights;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.config.GsaConfig;

import java.io.IOException;

/**
 * Fuzzes the config reader: bytes that Jackson reads as JSON (as {@link GsaConfig#load} does) go to {@link GsaConfig#parse}.
 * Lives beside the weight parsers' fuzz tests so one seed layout and one property serve all three.
 */
class ConfigFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @DictionaryEntries({
            "\"model_type\"", "\"gsa\"", "\"hidden_size\"", "\"num_hidden_layers\"", "\"num_heads\"",
            "\"num_kv_heads\"", "\"num_slots\"", "\"expand_k\"", "\"expand_v\"", "\"feature_map\"", "\"t2r\"",
            "\"relu\"", "\"gate_logit_normalizer\"", "\"use_short_conv\"", "\"conv_size\"", "\"elementwise_affine\"",
            "\"norm_eps\"", "\"intermediate_size\"", "\"hidden_ratio\"", "\"hidden_act\"", "\"tie_word_embeddings\"",
            "\"vocab_size\"", "null", "true", "1e308", "-1", "0"})
    @FuzzTest(maxDuration = "60s")
    void parse(byte[] data) {
        JsonNode root;
        try {
            root = JSON.readTree(data);
        } catch (IOException e) {
            return; // not JSON: load() reports that before parse() is reached
        }
        GsaConfig c;
        try {
            c = GsaConfig.parse(root, "config.json");
        } catch (GsaException e) {
            FuzzProperty.requireCleanMessage(e);
            return;
        }
        // what the backends and the checkpoint's shape checks rely on
        FuzzProperty.require(c.keyDim() > 0 && c.keyDim() % c.numHeads() == 0, "key_dim " + c.keyDim());
        FuzzProperty.require(c.headKDim() > 0 && c.headVDim() > 0, "head dims " + c.headKDim() + ", " + c.headVDim());
        FuzzProperty.require(c.kvKeyDim() > 0 && c.kvValueDim() > 0, "kv dims");
        FuzzProperty.require(c.numSlots() > 0 && (long) c.numKvHeads() * c.numSlots() <= Integer.MAX_VALUE, "slots " + c.numSlots());
        FuzzProperty.require(c.intermediateSize() > 0 && c.vocabSize() > 0 && c.numLayers() > 0, "sizes");
        FuzzProperty.require(c.valueDim() == c.hiddenSize(), "value_dim");
    }
}
