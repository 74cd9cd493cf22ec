package org.gsaexplorer.visualizer.session;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class MqarPromptTest {
    @Test
    void everyRecallRepeatsTheValueBoundToItsKey() {
        MqarPrompt p = MqarPrompt.generate(8, 12, 3);
        String[] w = p.text().split(" ");
        assertEquals(2 * 8 + 2 * 12, w.length);
        Map<String, String> bound = new HashMap<>();
        for (int i = 0; i < 16; i += 2) assertNull(bound.put(w[i], w[i + 1]), "keys are distinct");
        for (int i = 16; i < w.length; i += 2) assertEquals(bound.get(w[i]), w[i + 1]);
        assertTrue(w[p.cursorAtQuery(2) - 1].startsWith("k"));
        assertEquals(p.text(), MqarPrompt.generate(8, 12, 3).text());
    }
}
