package org.gsaexplorer.model.recall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.gsaexplorer.model.Fixtures;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.backend.Backends;
import org.gsaexplorer.model.weights.Checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The shipped MQAR sample and its task.json, on the fastest CPU backend that is registered. */
final class SampleModel implements AutoCloseable {
    final Checkpoint checkpoint;
    final LoadedModel model;

    SampleModel() {
        checkpoint = Checkpoint.open(dir().resolve("model"));
        model = Backends.create(Backends.names().contains("nd4j") ? "nd4j" : "reference").load(checkpoint);
    }

    static Path dir() {
        return Fixtures.sample("mqar-gsa-tiny");
    }

    static JsonNode task() {
        try {
            return new ObjectMapper().readTree(dir().resolve("task.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asInt();
        return out;
    }

    @Override
    public void close() {
        model.close();
        checkpoint.close();
    }
}
