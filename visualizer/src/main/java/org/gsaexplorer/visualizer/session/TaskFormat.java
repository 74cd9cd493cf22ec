package org.gsaexplorer.visualizer.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.gsaexplorer.model.error.GsaException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The token ranges of an associative recall task, from the {@code task.json} beside a sample's checkpoint (the bundled
 * MQAR sample has one): keys in [keyLo, keyHi), values in [valueLo, valueHi). With them the explorer tells the
 * prompt's key–value pairs from the queries, and scores only the answers, the positions the task scores.
 */
public record TaskFormat(int keyLo, int keyHi, int valueLo, int valueHi) {

    /** The task of the checkpoint in {@code modelDir}: task.json in it or in its parent folder; empty when there is none. */
    public static Optional<TaskFormat> find(Path modelDir) {
        for (Path p : new Path[]{modelDir.resolve("task.json"), modelDir.toAbsolutePath().getParent() == null ? null
                : modelDir.toAbsolutePath().getParent().resolve("task.json")})
            if (p != null && Files.isRegularFile(p)) return Optional.of(read(p));
        return Optional.empty();
    }

    static TaskFormat read(Path file) {
        JsonNode ranges;
        try {
            ranges = new ObjectMapper().readTree(file.toFile()).path("token_ranges");
        } catch (IOException e) {
            throw new GsaException(file + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        JsonNode k = ranges.path("keys"), v = ranges.path("values");
        if (!k.isArray() || k.size() != 2 || !v.isArray() || v.size() != 2 || !k.get(0).canConvertToInt() || !k.get(1).canConvertToInt()
                || !v.get(0).canConvertToInt() || !v.get(1).canConvertToInt())
            throw new GsaException(file + ": token_ranges needs keys and values as [first, end) pairs of token ids");
        TaskFormat t = new TaskFormat(k.get(0).asInt(), k.get(1).asInt(), v.get(0).asInt(), v.get(1).asInt());
        if (t.keyLo >= t.keyHi || t.valueLo >= t.valueHi) throw new GsaException(file + ": token_ranges has an empty range");
        return t;
    }

    public boolean isKey(int id) {
        return id >= keyLo && id < keyHi;
    }

    public boolean isValue(int id) {
        return id >= valueLo && id < valueHi;
    }
}
