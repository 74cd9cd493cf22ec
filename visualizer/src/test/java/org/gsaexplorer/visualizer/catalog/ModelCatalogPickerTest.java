package org.gsaexplorer.visualizer.catalog;

import org.gsaexplorer.visualizer.tasks.BackgroundTasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The start page's listing, without JavaFX: bundled samples with their lines, recent folders, the Hugging Face cache. */
class ModelCatalogPickerTest {
    static final Path SAMPLES = ModelCatalog.findSamples(Path.of(""), null);
    static final String CONFIG = "{\"model_type\": \"gsa\", \"hidden_size\": 8, \"num_hidden_layers\": 2, \"num_heads\": 2, "
            + "\"num_slots\": 4, \"vocab_size\": 16}";

    @Test
    void theBundledSamplesComeFirstWithTheirLines(@TempDir Path tmp) {
        List<ModelPickerViewModel.Entry> entries = ModelPickerViewModel.list(SAMPLES, new RecentModels(tmp.resolve("recent.txt")), tmp.resolve("no-hub"));
        assertEquals(2, entries.size(), entries.toString());
        ModelPickerViewModel.Entry mqar = entries.get(0), rust = entries.get(1);
        assertEquals(new ModelPickerViewModel.Entry(ModelPickerViewModel.Source.SAMPLE, "mqar-gsa-tiny",
                "associative recall: watch slots store and retrieve key–value pairs", SAMPLES.resolve("mqar-gsa-tiny/model")), mqar);
        assertEquals(new ModelPickerViewModel.Entry(ModelPickerViewModel.Source.SAMPLE, "rust-docs-gsa",
                "Rust documentation: watch a byte-level model read code and prose", SAMPLES.resolve("rust-docs-gsa/model")), rust);
    }

    @Test
    void gsaSnapshotsOfTheHubCacheAreListedByRepoId(@TempDir Path tmp) throws Exception {
        Path hub = ModelCatalog.hubCache(java.util.Map.of("HF_HOME", tmp.resolve("hf").toString()), tmp);
        String hash = "0123456789abcdef0123456789abcdef01234567";
        Path gsa = Files.createDirectories(hub.resolve("models--fla-hub--gsa-tiny/snapshots/" + hash));
        Files.writeString(gsa.resolve("config.json"), CONFIG);
        Path llama = Files.createDirectories(hub.resolve("models--meta--llama/snapshots/" + hash));
        Files.writeString(llama.resolve("config.json"), "{\"model_type\": \"llama\"}");
        Files.createDirectories(hub.resolve("models--empty--repo/snapshots/abc"));
        List<ModelPickerViewModel.Entry> entries = ModelPickerViewModel.list(null, new RecentModels(tmp.resolve("recent.txt")), hub);
        assertEquals(1, entries.size(), entries.toString());
        ModelPickerViewModel.Entry e = entries.getFirst();
        assertEquals(ModelPickerViewModel.Source.HUGGING_FACE, e.source());
        assertEquals("fla-hub/gsa-tiny", e.title(), "named by repo id, not the hash folder");
        assertEquals("Hugging Face cache, snapshot 01234567 · GSA model: 2 layers × 2 heads × 4 slots", e.line());
        assertEquals(gsa, e.dir());
        assertEquals("fla-hub/gsa-tiny", ModelCatalog.displayName(gsa), "the window names it so too");
    }

    @Test
    void recentFoldersFollowTheSamplesOnceEachWhileTheyHoldACheckpoint(@TempDir Path tmp) throws Exception {
        RecentModels recent = new RecentModels(tmp.resolve("cfg/recent.txt"));
        Path mine = Files.createDirectories(tmp.resolve("runs/step-900/model"));
        Files.writeString(mine.resolve("config.json"), CONFIG);
        Path gone = tmp.resolve("deleted");
        recent.add(gone);
        recent.add(SAMPLES.resolve("rust-docs-gsa/model"));
        recent.add(mine);
        List<ModelPickerViewModel.Entry> entries = ModelPickerViewModel.list(SAMPLES, recent, tmp.resolve("no-hub"));
        assertEquals(List.of("mqar-gsa-tiny", "rust-docs-gsa", "step-900/model"), entries.stream().map(ModelPickerViewModel.Entry::title).toList(),
                "a sample opened recently stays a sample; a deleted folder is left out");
        ModelPickerViewModel.Entry e = entries.getLast();
        assertEquals(ModelPickerViewModel.Source.RECENT, e.source());
        assertEquals("opened recently: " + mine + " · GSA model: 2 layers × 2 heads × 4 slots", e.line());
    }

    @Test
    void refreshListsInTheBackgroundAndPickingOpensTheFolder(@TempDir Path tmp) {
        List<Path> opened = new ArrayList<>();
        List<ModelPickerViewModel.State> seen = new ArrayList<>();
        ModelPickerViewModel vm = new ModelPickerViewModel(SAMPLES, new RecentModels(tmp.resolve("recent.txt")), tmp.resolve("hub"),
                new BackgroundTasks(Runnable::run, Runnable::run), opened::add);
        vm.addListener(seen::add);
        assertTrue(vm.state().entries().isEmpty());
        ModelPickerViewModel.State s = vm.refresh().join();
        assertTrue(seen.getFirst().listing(), "the page says it is looking first");
        assertFalse(s.listing());
        assertEquals(2, s.entries().size());
        vm.pick(s.entries().get(1));
        assertEquals(List.of(SAMPLES.resolve("rust-docs-gsa/model")), opened);
    }
}
