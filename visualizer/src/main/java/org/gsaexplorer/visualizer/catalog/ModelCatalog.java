package org.gsaexplorer.visualizer.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.error.GsaException;

/**
 * Where models are found: the bundled samples, the Hugging Face cache, and the user's recent list.
 */
public final class ModelCatalog {
    /** The bundled model the explorer opens first. */
    public static final String DEFAULT_SAMPLE = "mqar-gsa-tiny";
    /** The bundled byte-level language model. */
    public static final String RUST_SAMPLE = "rust-docs-gsa";
    /** What each bundled sample lets one watch, one line each, for the start page. */
    static final Map<String, String> SAMPLE_LINES = Map.of(
            DEFAULT_SAMPLE, "associative recall: watch slots store and retrieve key–value pairs",
            RUST_SAMPLE, "Rust documentation: watch a byte-level model read code and prose");
    private static final Pattern GSA_TYPE = Pattern.compile("\"model_type\"\\s*:\\s*\"gsa\"");

    private ModelCatalog() {
    }

    /**
     * samples/ of the installation ({@code installRoot}: the {@code gsa.root} system property, which ./gsa-explorer and
     * the packaged app's launcher pass), else in the working folder or above it; null when none.
     */
    public static Path findSamples(Path workingDir, String installRoot) {
        if (installRoot != null && Files.isDirectory(Path.of(installRoot, "samples"))) return Path.of(installRoot, "samples");
        for (Path p = workingDir.toAbsolutePath(); p != null; p = p.getParent())
            if (Files.isDirectory(p.resolve("samples"))) return p.resolve("samples");
        return null;
    }

    private static Path samples() {
        return findSamples(Path.of(""), System.getProperty("gsa.root"));
    }

    /** The bundled sample's checkpoint folder, or null when samples/ is not found. */
    public static Path defaultModel() {
        Path samples = samples();
        if (samples == null) return null;
        Path m = samples.resolve(DEFAULT_SAMPLE).resolve("model");
        return Files.isDirectory(m) ? m : null;
    }

    /** A bundled sample: its folder name, its checkpoint folder and what it shows. */
    public record Sample(String name, Path dir, String line) {
    }

    /**
     * The samples under {@code samples} (folders with a model/config.json), the default one first, then by name; a
     * sample without a line of its own is described by its shape.
     */
    public static List<Sample> samples(Path samples) {
        List<Sample> out = new ArrayList<>();
        if (samples == null || !Files.isDirectory(samples)) return out;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(samples)) {
            for (Path s : ds) {
                Path model = s.resolve("model");
                if (!Files.isRegularFile(model.resolve("config.json"))) continue;
                String name = s.getFileName().toString();
                out.add(new Sample(name, model, SAMPLE_LINES.getOrDefault(name, shape(model))));
            }
        } catch (IOException e) {
            return out;
        }
        out.sort(java.util.Comparator.comparing((Sample s) -> !s.name().equals(DEFAULT_SAMPLE)).thenComparing(Sample::name));
        return out;
    }

    /** "GSA model: 2 layers × 2 heads × 64 slots", or what is wrong with its config. */
    static String shape(Path checkpoint) {
        try {
            GsaConfig c = GsaConfig.load(checkpoint.resolve("config.json"));
            return "GSA model: " + c.numLayers() + " layers × " + c.numHeads() + " heads × " + c.numSlots() + " slots";
        } catch (GsaException e) {
            return "unreadable config: " + e.getMessage();
        }
    }

    /** The checkpoint folders of the bundled samples (samples/NAME/model), the default first; empty when samples/ is not found. */
    public static List<Path> bundledModels() {
        return samples(samples()).stream().map(Sample::dir).toList();
    }

    /** The hub cache folder: $HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub. */
    public static Path hubCache(Map<String, String> env, Path home) {
        if (env.get("HF_HUB_CACHE") != null) return Path.of(env.get("HF_HUB_CACHE"));
        if (env.get("HF_HOME") != null) return Path.of(env.get("HF_HOME")).resolve("hub");
        return home.resolve(".cache/huggingface/hub");
    }

    /** One cached model snapshot with a GSA config.json. */
    public record CachedModel(String repo, Path dir) {
        /** The snapshot's hash, shortened as git shortens commits. */
        public String snapshot() {
            String hash = dir.getFileName().toString();
            return hash.substring(0, Math.min(8, hash.length()));
        }

        @Override
        public String toString() {
            return repo + " @ " + snapshot();
        }
    }

    /**
     * A checkpoint folder's name as people know it: a Hugging Face snapshot by its repo id (org/name); a folder called
     * "model", where checkpoints usually live, with its parent, which names it better. A folder named by a hash (a
     * snapshot copied or linked out of the cache) is named by the {@code _name_or_path} its config.json records,
     * else by its parent: a hash names no model.
     */
    public static String displayName(Path dir) {
        Path abs = dir.toAbsolutePath().normalize(), n = abs.getFileName(), parent = abs.getParent();
        if (n == null) return abs.toString();
        Path repo = parent == null ? null : parent.getParent();
        if (repo != null && repo.getFileName() != null && parent.getFileName().toString().equals("snapshots"))
            return repo.getFileName().toString().startsWith(REPO_PREFIX) ? repoId(repo) : repo.getFileName().toString();
        if (parent != null && parent.getFileName() != null && n.toString().equals("model")) return parent.getFileName() + "/" + n;
        if (HASH.matcher(n.toString()).matches()) {
            String recorded = nameInConfig(abs);
            if (recorded != null) return recorded;
            if (parent != null && parent.getFileName() != null) return parent.getFileName().toString();
        }
        return n.toString();
    }

    /** A folder name made only of hex digits: a snapshot hash, not a name. */
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{3,64}");

    /** The model name save_pretrained records in config.json ({@code _name_or_path}), unless it is a local path. */
    private static String nameInConfig(Path dir) {
        try {
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("config.json").toFile()).get("_name_or_path");
            String v = node == null || !node.isTextual() ? "" : node.asText().trim();
            return v.isEmpty() || v.startsWith("/") || v.startsWith(".") ? null : v;
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    private static final String REPO_PREFIX = "models--";

    /** models--org--name → org/name. */
    private static String repoId(Path repoFolder) {
        return repoFolder.getFileName().toString().substring(REPO_PREFIX.length()).replace("--", "/");
    }

    /** Snapshots under {@code hub}/models--*&#47;snapshots/* whose config.json says model_type gsa. */
    public static List<CachedModel> huggingFaceModels(Path hub) {
        List<CachedModel> out = new ArrayList<>();
        if (!Files.isDirectory(hub)) return out;
        try (DirectoryStream<Path> repos = Files.newDirectoryStream(hub, REPO_PREFIX + "*")) {
            for (Path repo : repos) {
                Path snaps = repo.resolve("snapshots");
                if (!Files.isDirectory(snaps)) continue;
                try (DirectoryStream<Path> ss = Files.newDirectoryStream(snaps)) {
                    for (Path s : ss) if (isGsa(s.resolve("config.json")))
                        out.add(new CachedModel(repoId(repo), s));
                }
            }
        } catch (IOException e) {
            return out;
        }
        out.sort(java.util.Comparator.comparing(CachedModel::repo));
        return out;
    }

    private static boolean isGsa(Path config) {
        try {
            return Files.isRegularFile(config) && GSA_TYPE.matcher(Files.readString(config, StandardCharsets.UTF_8)).find();
        } catch (IOException e) {
            return false;
        }
    }
}
