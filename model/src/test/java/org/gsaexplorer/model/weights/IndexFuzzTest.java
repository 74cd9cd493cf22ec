package org.gsaexplorer.model.weights;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.gsaexplorer.model.error.GsaException;
import org.junit.jupiter.api.AfterAll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Fuzzes the sharded index reader ({@code model.safetensors.index.json}) in a folder holding two shards, with a third
 * .safetensors file in a subfolder and one beside the folder, which an index must never reach.
 */
class IndexFuzzTest {
    private static final Path ROOT;
    private static final Path DIR;

    static {
        try {
            ROOT = Files.createTempDirectory("gsa-index-fuzz");
            DIR = Files.createDirectory(ROOT.resolve("ckpt"));
            Files.createFile(DIR.resolve("model-00001-of-00002.safetensors"));
            Files.createFile(DIR.resolve("model-00002-of-00002.safetensors"));
            Files.createFile(Files.createDirectory(DIR.resolve("sub")).resolve("inner.safetensors"));
            Files.createFile(ROOT.resolve("outside.safetensors"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DictionaryEntries({"\"weight_map\"", "\"metadata\"", "\"model-00001-of-00002.safetensors\"", "\"model-00002-of-00002.safetensors\"", ".safetensors", "../", "sub/"})
    @FuzzTest(maxDuration = "60s")
    void readIndex(byte[] data) throws IOException {
        Path index = DIR.resolve(Checkpoint.INDEX);
        Files.write(index, data);
        Map<String, Path> map;
        try {
            map = Checkpoint.readIndex(DIR, index);
        } catch (GsaException e) {
            FuzzProperty.requireCleanMessage(e);
            return;
        }
        FuzzProperty.require(!map.isEmpty(), "empty weight_map");
        Path base = DIR.toAbsolutePath().normalize();
        for (Path p : map.values()) {
            FuzzProperty.require(base.equals(p.toAbsolutePath().normalize().getParent()), p + " is not directly in the folder");
            FuzzProperty.require(Files.isRegularFile(p) && p.getFileName().toString().endsWith(".safetensors"), p + " is not a shard");
        }
    }

    @AfterAll
    static void cleanUp() throws IOException {
        try (Stream<Path> s = Files.walk(ROOT)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
