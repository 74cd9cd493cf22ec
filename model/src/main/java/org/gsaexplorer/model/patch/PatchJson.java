package org.gsaexplorer.model.patch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A sweep as JSON: {@code {"metric": "logit_diff", "answer", "foil", "clean", "corrupt", "grain", "at", "layers",
 * "effects"}} with effects nested [layer][kv head][slot] for the slot grain, [layer][kv head] for head, [layer] for
 * layer and one number for state.
 */
public final class PatchJson {
    private PatchJson() {
    }

    public static void write(PatchResult r, OutputStream out) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("metric", "logit_diff");
        root.put("answer", r.answer());
        root.put("foil", r.foil());
        root.put("clean", r.clean());
        root.put("corrupt", r.corrupt());
        root.put("grain", r.grain().id());
        root.put("at", r.at());
        ArrayNode layers = root.putArray("layers");
        for (int l : r.layers()) layers.add(l);
        if (r.grain() == PatchGrain.STATE) {
            root.put("effects", r.effects()[0]);
        } else {
            ArrayNode effects = root.putArray("effects");
            int i = 0;
            for (int ignored : r.layers()) {
                if (r.grain() == PatchGrain.LAYER) {
                    effects.add(r.effects()[i++]);
                    continue;
                }
                ArrayNode heads = effects.addArray();
                for (int h = 0; h < r.heads(); h++) {
                    if (r.grain() == PatchGrain.HEAD) {
                        heads.add(r.effects()[i++]);
                        continue;
                    }
                    ArrayNode slots = heads.addArray();
                    for (int m = 0; m < r.slots(); m++) slots.add(r.effects()[i++]);
                }
            }
        }
        json.writeValue(out, root);
    }
}
