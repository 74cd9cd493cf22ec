package org.gsaexplorer.visualizer.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A saved explorer session as readable JSON: the model folder and backend, the prompt and every token of the sequence
 * (generated ones included), the ablations as CLI specs, comparison mode, sampling, the scored positions, and the view
 * state (view, layer, head, slot, window, cursor). Example:
 * <pre>
 * { "format": "gsa-explorer-session", "version": 1,
 *   "model": "/data/mqar-gsa-tiny/model", "backend": "nd4j",
 *   "prompt": "k3 v7 k9 v1 ...", "tokens": [3, 135, 9, 129],
 *   "ablations": ["no-forget", "readout=relu"], "compare": true,
 *   "sampling": { "temperature": 0.0, "topK": 0 }, "scoring": "after-prompt",
 *   "view": { "name": "occupancy", "cursor": 4, "layer": 0, "head": 1, "slot": 5, "window": 96 } }
 * </pre>
 * {@code view} is null when the file names no tab; the window then shows its default view. {@code scoring} (a
 * {@link ScoringRule#id}) is null, or absent in files saved before it was kept, for the model's default rule.
 */
public record SessionFile(Path model, String backend, String prompt, int[] tokens, Ablations ablations, boolean compare,
                          double temperature, int topK, ScoringRule scoring, String view, int cursor, Selection selection) {
    public static final String FORMAT = "gsa-explorer-session";
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The session a snapshot shows, on tab {@code view} (a view's id or a panel's tab). */
    public static SessionFile of(ExplorerSnapshot s, String view) {
        if (s.model() == null) throw new GsaException("no model is loaded: nothing to save");
        return new SessionFile(s.model().dir().toAbsolutePath(), s.model().backend(), s.prompt(), s.main().tokens().ids(),
                s.main().ablations(), s.baseline() != null, s.sampler().temperature(), s.sampler().topK(), s.scoring().chosen(),
                view, s.cursor(), s.selection());
    }

    /** Writes atomically; an existing file is replaced only with {@code overwrite} (after the user confirmed it). */
    public void write(Path file, boolean overwrite) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("model", model.toString());
        root.put("backend", backend);
        root.put("prompt", prompt);
        ArrayNode ids = root.putArray("tokens");
        for (int id : tokens) ids.add(id);
        ArrayNode abl = root.putArray("ablations");
        for (String spec : specs(ablations)) abl.add(spec);
        root.put("compare", compare);
        ObjectNode sampling = root.putObject("sampling");
        sampling.put("temperature", temperature);
        sampling.put("topK", topK);
        root.put("scoring", scoring == null ? null : scoring.id);
        ObjectNode v = root.putObject("view");
        v.put("name", view);
        v.put("cursor", cursor);
        v.put("layer", selection.layer());
        v.put("head", selection.head());
        v.put("slot", selection.slot());
        v.put("window", selection.window());
        AtomicFiles.write(file, overwrite, out -> out.write(JSON.writeValueAsBytes(root)));
    }

    /** Reads a session; every problem (not JSON, another format, a missing model folder, bad values) is one line. */
    public static SessionFile read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new GsaException(file + ": not a session file (invalid JSON at line " + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new GsaException(file + ": cannot be read (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText()))
            throw new GsaException(file + ": not a GSA Explorer session file (no \"format\": \"" + FORMAT + "\")");
        if (root.path("version").asInt(-1) != VERSION)
            throw new GsaException(file + ": session version " + root.path("version") + " is not supported (this explorer reads version " + VERSION + ")");
        Path model = Path.of(text(file, root, "model"));
        if (!model.isAbsolute()) model = file.toAbsolutePath().getParent().resolve(model).normalize();
        if (!Files.isRegularFile(model.resolve("config.json")))
            throw new GsaException(file + ": the session's model " + model + " is missing (moved or deleted?); open the checkpoint folder and save the session again");
        JsonNode ids = root.path("tokens");
        if (!ids.isArray()) throw new GsaException(file + ": \"tokens\" must be a list of token ids");
        int[] tokens = new int[ids.size()];
        for (int i = 0; i < tokens.length; i++) {
            if (!ids.get(i).canConvertToInt() || ids.get(i).asInt() < 0) throw new GsaException(file + ": token " + i + " is not a token id");
            tokens[i] = ids.get(i).asInt();
        }
        List<String> specs = new ArrayList<>();
        for (JsonNode a : root.path("ablations")) specs.add(a.asText());
        Ablations ablations;
        try {
            ablations = Ablations.parseAll(specs);
        } catch (GsaException e) {
            throw new GsaException(file + ": " + e.getMessage());
        }
        JsonNode v = root.path("view");
        int cursor = v.path("cursor").asInt(tokens.length);
        Selection sel;
        try {
            sel = new Selection(v.path("layer").asInt(0), v.path("head").asInt(0), v.path("slot").asInt(0), v.path("window").asInt(Selection.DEFAULT.window()));
        } catch (IllegalArgumentException e) {
            throw new GsaException(file + ": layer, head and slot must be 0 or more and the window at least 2");
        }
        if (cursor < 0 || cursor > tokens.length) throw new GsaException(file + ": cursor " + cursor + " is outside the " + tokens.length + " tokens");
        JsonNode sampling = root.path("sampling");
        return new SessionFile(model, text(file, root, "backend"), root.path("prompt").asText(""), tokens, ablations,
                root.path("compare").asBoolean(false), sampling.path("temperature").asDouble(0), sampling.path("topK").asInt(0),
                scoring(file, root.get("scoring")), v.path("name").asText(null), cursor, sel);
    }

    /** The rule named in the file; null (the model's default) when none is. */
    private static ScoringRule scoring(Path file, JsonNode n) {
        if (n == null || n.isNull()) return null;
        try {
            if (!n.isTextual()) throw new GsaException("scored positions must be a name, not " + n);
            return ScoringRule.of(n.asText());
        } catch (GsaException e) {
            throw new GsaException(file + ": \"scoring\": " + e.getMessage());
        }
    }

    private static String text(Path file, JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) throw new GsaException(file + ": \"" + field + "\" is missing");
        return n.asText();
    }

    /** Ablations as the CLI specs that {@link Ablations#parseAll} reads back. */
    static List<String> specs(Ablations a) {
        return a.isNone() ? List.of() : Arrays.asList(a.describe().split(", "));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionFile f && model.equals(f.model) && backend.equals(f.backend) && prompt.equals(f.prompt)
                && Arrays.equals(tokens, f.tokens) && specs(ablations).equals(specs(f.ablations)) && compare == f.compare
                && temperature == f.temperature && topK == f.topK && scoring == f.scoring && view.equals(f.view) && cursor == f.cursor && selection.equals(f.selection);
    }

    @Override
    public int hashCode() {
        return model.hashCode() * 31 + Arrays.hashCode(tokens);
    }

    @Override
    public String toString() {
        return "session " + model + " (" + tokens.length + " tokens, " + ablations.describe() + ", " + view + ")";
    }
}
