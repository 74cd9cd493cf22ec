package org.gsaexplorer.visualizer.tour;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.io.AtomicFiles;
import org.gsaexplorer.model.weights.Checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Recall accuracies the tour measured, kept so that a later start on the same model shows numbers at once. An entry's
 * key is a SHA-256 over the checkpoint's content (config and weight files, not its folder) and the measurement's
 * settings, so it is never shown for another model. Entries are JSON files, written atomically, in the user's cache
 * folder; the entry for the bundled sample ships with the explorer as a resource beside this class. An entry that
 * cannot be read or does not match its key is ignored.
 */
public final class TourCache {
    /** Overrides the cache folder (tests use a temporary one). */
    public static final String DIR_PROPERTY = "gsa.cache.dir";
    static final String FORMAT = "gsa-explorer-tour-recall";
    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One measurement: every setting at every pair count, over {@code sequences} seeded sequences. */
    public record Measurement(String key, int sequences, LocalDate measured, Map<String, Double> accuracy) {
        public OptionalDouble accuracy(String setting, int pairs) {
            Double a = accuracy.get(RecallMeasurements.key(setting, pairs));
            return a == null ? OptionalDouble.empty() : OptionalDouble.of(a);
        }

        /** Says where the numbers come from, for the tour's status line. */
        public String label() {
            return "cached: measured on this checkpoint, " + sequences + " sequences per setting, " + measured;
        }
    }

    private final Path dir;

    /** A cache in {@code dir}, falling back to the entries shipped with the explorer. */
    public TourCache(Path dir) {
        this.dir = dir;
    }

    /** The user's cache: {@value #DIR_PROPERTY}, else $XDG_CACHE_HOME/gsa-explorer, else ~/.cache/gsa-explorer. */
    public static TourCache userDefault() {
        return new TourCache(userDir(System.getProperty(DIR_PROPERTY), System.getenv("XDG_CACHE_HOME"), Path.of(System.getProperty("user.home"))));
    }

    static Path userDir(String property, String xdgCacheHome, Path home) {
        if (property != null && !property.isBlank()) return Path.of(property);
        if (xdgCacheHome != null && !xdgCacheHome.isBlank()) return Path.of(xdgCacheHome, "gsa-explorer");
        return home.resolve(".cache").resolve("gsa-explorer");
    }

    /** The file name of an entry, in the cache folder and among the shipped resources. */
    static String fileName(String key) {
        return "tour-recall-" + key + ".json";
    }

    /**
     * The key of a measurement with {@code sequences} sequences per setting on the checkpoint in {@code checkpoint}:
     * its content hash and everything else the numbers depend on (seed, settings, pair counts).
     */
    public static String key(Path checkpoint, int sequences) {
        String settings = "sequences=" + sequences + ";seed=" + RecallMeasurements.SEED + ";settings=" + String.join(",", RecallMeasurements.SETTINGS)
                + ";pairs=" + Arrays.stream(RecallMeasurements.PAIRS).mapToObj(Integer::toString).collect(Collectors.joining(","));
        MessageDigest d = sha256();
        d.update(contentHash(checkpoint).getBytes(StandardCharsets.UTF_8));
        d.update(settings.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d.digest());
    }

    /** SHA-256 over the names, sizes and bytes of config.json and the weight files, in name order. */
    static String contentHash(Path checkpoint) {
        MessageDigest d = sha256();
        byte[] buf = new byte[1 << 16];
        try (Stream<Path> files = Files.list(checkpoint)) {
            for (Path f : files.filter(TourCache::definesTheModel).sorted().toList()) {
                d.update((f.getFileName() + "\0" + Files.size(f) + "\0").getBytes(StandardCharsets.UTF_8));
                try (InputStream in = Files.newInputStream(f)) {
                    for (int n; (n = in.read(buf)) > 0; ) d.update(buf, 0, n);
                }
            }
        } catch (IOException e) {
            throw new GsaException(checkpoint + ": cannot be read for the tour's cache (" + e.getMessage() + ")");
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static boolean definesTheModel(Path f) {
        String name = f.getFileName().toString();
        return Files.isRegularFile(f) && (name.equals("config.json") || name.equals(Checkpoint.INDEX) || name.endsWith(".safetensors"));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The entry for {@code key}: the user's, else a shipped one; empty when there is none that reads as one. */
    public Optional<Measurement> find(String key) {
        Path file = dir.resolve(fileName(key));
        try {
            if (Files.isRegularFile(file)) {
                Optional<Measurement> m = parse(Files.readAllBytes(file), key);
                if (m.isPresent()) return m;
            }
            try (InputStream in = TourCache.class.getResourceAsStream(fileName(key))) {
                return in == null ? Optional.empty() : parse(in.readAllBytes(), key);
            }
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** Writes {@code m} atomically, replacing an older entry for its key. */
    public void store(Measurement m) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new GsaException(dir + ": cannot be created (" + e.getMessage() + ")");
        }
        byte[] bytes = json(m);
        AtomicFiles.write(dir.resolve(fileName(m.key())), true, out -> out.write(bytes));
    }

    static byte[] json(Measurement m) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("key", m.key());
        root.put("sequences", m.sequences());
        root.put("measured", m.measured().toString());
        ObjectNode acc = root.putObject("accuracy");
        m.accuracy().forEach(acc::put);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A complete entry for {@code key}, or empty for anything else (not JSON, another format or key, a gap). */
    static Optional<Measurement> parse(byte[] bytes, String key) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (root == null || !FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != VERSION
                || !key.equals(root.path("key").asText()) || root.path("sequences").asInt() < 1) return Optional.empty();
        LocalDate measured;
        try {
            measured = LocalDate.parse(root.path("measured").asText());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        Map<String, Double> accuracy = new LinkedHashMap<>();
        for (String s : RecallMeasurements.SETTINGS)
            for (int pairs : RecallMeasurements.PAIRS) {
                JsonNode a = root.path("accuracy").path(RecallMeasurements.key(s, pairs));
                if (!a.isNumber() || !(a.asDouble() >= 0 && a.asDouble() <= 1)) return Optional.empty();
                accuracy.put(RecallMeasurements.key(s, pairs), a.asDouble());
            }
        return Optional.of(new Measurement(key, root.path("sequences").asInt(), measured, Collections.unmodifiableMap(accuracy)));
    }
}
