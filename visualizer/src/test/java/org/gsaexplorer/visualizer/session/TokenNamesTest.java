package org.gsaexplorer.visualizer.session;

import org.gsaexplorer.visualizer.catalog.ModelCatalog;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A snapshot drawn after its model was replaced (monkey test finding) spells tokens without its closed tokenizer. */
class TokenNamesTest {
    @Test
    void anOldSnapshotOutlivesItsTokenizer() {
        Path samples = ModelCatalog.findSamples(Path.of(""), null);
        try (ExplorerViewModel vm = new ExplorerViewModel()) {
            vm.open(samples.resolve("mqar-gsa-tiny/model"), "reference", "k1 v2", -1).join();
            ExplorerSnapshot old = vm.snapshot();
            assertEquals("k1", old.model().tokenText().apply(old.main().tokens().ids()[0]));
            vm.open(samples.resolve("rust-docs-gsa/model"), "reference", "fn", -1).join();
            vm.idle().join();
            assertEquals(String.valueOf(old.main().tokens().ids()[0]), old.model().tokenText().apply(old.main().tokens().ids()[0]));
            assertEquals("f", vm.snapshot().model().tokenText().apply('f'));
        }
    }
}
