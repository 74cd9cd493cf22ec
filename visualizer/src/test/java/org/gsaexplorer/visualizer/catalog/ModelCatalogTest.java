package org.gsaexplorer.visualizer.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ModelCatalogTest {
    @Test
    void listsOnlyGsaSnapshotsOfTheHubCacheAndHonoursHfHome(@TempDir Path home) throws Exception {
        Path hub = ModelCatalog.hubCache(Map.of("HF_HOME", home.resolve("hf").toString()), home);
        assertEquals(home.resolve("hf/hub"), hub);
        assertEquals(home.resolve(".cache/huggingface/hub"), ModelCatalog.hubCache(Map.of(), home));
        Path gsa = Files.createDirectories(hub.resolve("models--fla-hub--gsa-340M/snapshots/abc123"));
        Files.writeString(gsa.resolve("config.json"), "{\"model_type\": \"gsa\", \"hidden_size\": 8}");
        Path other = Files.createDirectories(hub.resolve("models--gpt2/snapshots/def"));
        Files.writeString(other.resolve("config.json"), "{\"model_type\": \"gpt2\"}");
        List<ModelCatalog.CachedModel> found = ModelCatalog.huggingFaceModels(hub);
        assertEquals(1, found.size());
        assertEquals("fla-hub/gsa-340M", found.getFirst().repo());
        assertEquals(gsa, found.getFirst().dir());
    }

    @Test
    void findsSamplesAboveTheWorkingFolderAndKeepsARecentList(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("samples"));
        Path deep = Files.createDirectories(dir.resolve("a/b"));
        assertEquals(dir.resolve("samples"), ModelCatalog.findSamples(deep, null));
        // an installation's own samples come first, wherever the app is started
        Path install = Files.createDirectories(dir.resolve("opt/app/samples")).getParent();
        assertEquals(install.resolve("samples"), ModelCatalog.findSamples(deep, install.toString()));
        assertEquals(dir.resolve("samples"), ModelCatalog.findSamples(deep, dir.resolve("nowhere").toString()));
        RecentModels recent = new RecentModels(dir.resolve("cfg/recent.txt"));
        recent.add(dir.resolve("m1"));
        recent.add(dir.resolve("m2"));
        recent.add(dir.resolve("m1"));
        assertEquals(List.of(dir.resolve("m1"), dir.resolve("m2")), recent.list());
    }
}
