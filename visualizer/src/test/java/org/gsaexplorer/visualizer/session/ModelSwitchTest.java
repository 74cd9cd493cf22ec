package org.gsaexplorer.visualizer.session;

import org.gsaexplorer.visualizer.catalog.ModelCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Switching models and the transport's play mode, as a user meets them: another model keeps a prompt the user typed
 * when it tokenizes there and never inherits the first model's own starter prompt; a byte model without tokenizer.json
 * reads typed text as UTF-8 bytes; Run plays to the end of the sequence and stops; the views know when they are behind.
 */
class ModelSwitchTest {
    static final Path SAMPLES = ModelCatalog.findSamples(Path.of(""), null);
    static final Path MQAR = SAMPLES.resolve("mqar-gsa-tiny/model"), RUST = SAMPLES.resolve("rust-docs-gsa/model");

    ExplorerViewModel vm;

    @BeforeEach
    void open() {
        vm = new ExplorerViewModel();
        vm.open(MQAR, "reference", null, -1).join();
        vm.idle().join();
    }

    @AfterEach
    void close() {
        vm.close();
    }

    @Test
    void theFirstModelsStarterPromptIsNotCarriedToTheNext() {
        String starter = vm.snapshot().prompt();
        assertTrue(starter.startsWith("k"), starter);
        vm.openKeepingPrompt(RUST, "reference", starter).join();
        vm.idle().join();
        ExplorerSnapshot s = vm.snapshot();
        assertEquals(StarterPrompt.RUST, s.prompt(), "the byte model opens on its own program");
        assertEquals("rust-docs-gsa/model", s.model().name());
        assertTrue(s.main().tokens().text(0).length() <= 4, "tokens are bytes now: " + s.main().tokens().text(0));
    }

    @Test
    void aPromptTheUserRanIsCarriedButTheStarterSetAgainIsNot() {
        String starter = vm.snapshot().prompt();
        vm.setPrompt("k1 v2 k1").join();
        vm.openKeepingPrompt(RUST, "reference", "k1 v2 k1").join();
        vm.idle().join();
        assertEquals("k1 v2 k1", vm.snapshot().prompt(), "the user's own prompt comes along");
        vm.setPrompt(StarterPrompt.RUST).join();
        vm.openKeepingPrompt(MQAR, "reference", StarterPrompt.RUST).join();
        vm.idle().join();
        assertEquals(starter, vm.snapshot().prompt(), "the Rust model's own program stays with it, as a tour that set it again leaves it");
    }

    @Test
    void aTypedPromptIsKeptWhenItTokenizesAndReplacedWithANoticeWhenNot() {
        vm.openKeepingPrompt(RUST, "reference", "let x = 1;").join();
        vm.idle().join();
        assertEquals("let x = 1;", vm.snapshot().prompt());
        assertEquals(10, vm.snapshot().computed());
        long errors = vm.snapshot().errorId();
        // the recall model's words do not include "let": its own prompt comes instead, and a line says why
        vm.openKeepingPrompt(MQAR, "reference", "let x = 1;").join();
        vm.idle().join();
        ExplorerSnapshot s = vm.snapshot();
        assertTrue(s.prompt().startsWith("k"), s.prompt());
        assertEquals(errors + 1, s.errorId());
        assertTrue(s.error().startsWith("the prompt was not kept"), s.error());
    }

    @Test
    void aByteModelWithoutTokenizerJsonReadsTypedTextAsUtf8Bytes(@TempDir Path dir) throws Exception {
        for (String f : new String[]{"config.json", "model.safetensors"}) Files.createSymbolicLink(dir.resolve(f), RUST.resolve(f).toAbsolutePath());
        String text = "é{ x";
        vm.open(dir, "reference", text, -1).join();
        vm.idle().join();
        ExplorerSnapshot s = vm.snapshot();
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(utf8.length, s.computed());
        for (int t = 0; t < utf8.length; t++) assertEquals(utf8[t] & 0xff, s.main().tokens().id(t));
        // labels are printable: multi-byte pieces in hex, space as ␣
        assertEquals("0xC3", s.main().tokens().text(0));
        assertEquals("{", s.main().tokens().text(2));
        assertEquals("␣", s.main().tokens().text(3));
    }

    @Test
    void aFailingPromptLeavesThePromptAsItWas() {
        String before = vm.snapshot().prompt();
        assertThrows(CompletionException.class, () -> vm.setPrompt("k1 nonsense").join());
        assertEquals(before, vm.snapshot().prompt(), "the prompt the box shows is not emptied");
        assertNotNull(vm.snapshot().error());
    }

    @Test
    void runPlaysToTheEndOfTheSequenceAndStopsThere() throws Exception {
        int computed = vm.snapshot().computed();
        vm.jump(computed - 3).join();
        vm.run(1000).join();
        long end = System.nanoTime() + 10_000_000_000L;
        while (vm.snapshot().running() && System.nanoTime() < end) Thread.sleep(5);
        vm.idle().join();
        assertFalse(vm.snapshot().running(), "run mode ended by itself");
        assertEquals(computed, vm.snapshot().cursor());
        assertEquals(computed, vm.snapshot().computed(), "nothing was generated");
        // from the end, Run plays the sequence again from its first token
        java.util.concurrent.atomic.AtomicInteger lowest = new java.util.concurrent.atomic.AtomicInteger(Integer.MAX_VALUE);
        vm.addListener(s -> lowest.accumulateAndGet(s.cursor(), Math::min));
        vm.run(5000).join();
        while (vm.snapshot().running() && System.nanoTime() < end + 10_000_000_000L) Thread.sleep(5);
        vm.idle().join();
        assertEquals(1, lowest.get());
        assertEquals(computed, vm.snapshot().cursor());
        assertFalse(vm.snapshot().running());
    }

    @Test
    void theViewsAreBehindWhileACommandRuns() {
        assertFalse(vm.busy());
        var done = vm.setPrompt(vm.snapshot().prompt() + " k3");
        assertTrue(vm.busy(), "a command was given and has not run yet");
        done.join();
        vm.idle().join();
        assertFalse(vm.busy());
    }
}
