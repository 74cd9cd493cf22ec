package org.gsaexplorer.visualizer.session;

import org.gsaexplorer.model.error.GsaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class TaskFormatTest {
    @Test
    void aTaskIsFoundBesideTheCheckpointAndABrokenOneIsOneLine(@TempDir Path dir) throws Exception {
        Path model = Files.createDirectories(dir.resolve("model"));
        assertTrue(TaskFormat.find(model).isEmpty(), "no task.json: no task");
        Files.writeString(dir.resolve("task.json"), "{\"token_ranges\": {\"keys\": [0, 10], \"values\": [10, 20]}}");
        TaskFormat t = TaskFormat.find(model).orElseThrow();
        assertEquals(new TaskFormat(0, 10, 10, 20), t);
        assertTrue(t.isKey(9) && !t.isKey(10) && t.isValue(10) && !t.isValue(20));
        String[] broken = {"{not json", "{\"token_ranges\": {\"keys\": [0], \"values\": [10, 20]}}",
                "{\"token_ranges\": {\"keys\": [5, 5], \"values\": [10, 20]}}", "{}"};
        for (String b : broken) {
            Files.writeString(dir.resolve("task.json"), b);
            GsaException e = assertThrows(GsaException.class, () -> TaskFormat.find(model), b);
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
            assertTrue(e.getMessage().startsWith(dir.resolve("task.json").toString()), e.getMessage());
        }
    }
}
