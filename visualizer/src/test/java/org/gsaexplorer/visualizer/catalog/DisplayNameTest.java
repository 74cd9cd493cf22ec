package org.gsaexplorer.visualizer.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A model is named as people know it, never by a snapshot hash. */
class DisplayNameTest {
    @Test
    void aHashFolderIsNamedByTheConfigsRecordedNameElseItsParent(@TempDir Path tmp) throws Exception {
        Path named = Files.createDirectories(tmp.resolve("copies/abc"));
        Files.writeString(named.resolve("config.json"), "{\"model_type\": \"gsa\", \"_name_or_path\": \"fla-hub/gsa-340M\"}");
        assertEquals("fla-hub/gsa-340M", ModelCatalog.displayName(named));
        Path unnamed = Files.createDirectories(tmp.resolve("my-gsa/0123abcd"));
        Files.writeString(unnamed.resolve("config.json"), "{\"model_type\": \"gsa\", \"_name_or_path\": \"/tmp/out\"}");
        assertEquals("my-gsa", ModelCatalog.displayName(unnamed));
        assertEquals("org/name", ModelCatalog.displayName(Files.createDirectories(tmp.resolve("hub/models--org--name/snapshots/abc"))));
        assertEquals("plain-folder", ModelCatalog.displayName(Files.createDirectories(tmp.resolve("plain-folder"))));
    }
}
