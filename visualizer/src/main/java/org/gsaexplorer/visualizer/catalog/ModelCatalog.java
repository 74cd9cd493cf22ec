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

/**
 * Where models are found: the bundled samples, the Hugging Face cache, and the user's recent list.
 */
public final class ModelCatalog {
    /** The bundled model the explorer opens first. */
    public static final String DEFAULT_SAMPLE = "mqar-gsa-tiny";
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

    /** The checkpoint folders of the bundled samples (samples/NAME/model), by name; empty when samples/ is not found. */
    public static List<Path> bundledModels() {
        Path samples = samples();
        List<Path> out = new ArrayList<>();
        if (samples == null) return out;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(samples)) {
            for (Path s : ds) if (Files.isRegularFile(s.resolve("model/config.json"))) out.add(s.resolve("model"));
        } catch (IOException e) {
            return out;
        }
        out.sort(null);
        return out;
    }

    /** The hub cache folder: $HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub. */
    public static Path hubCache(Map<String, String> env, Path home) {
        if (env.get("HF_HUB_CACHE") != null) return Path.of(env.get("HF_HUB_CACHE"));
        if (env.get("HF_HOME") != null) return Path.of(env.get("HF_HOME")).resolve("hub");
        return home.resolve(".cache/huggingface/hub");
    }

    /** One cached model snapshot with a GSA config.json. */
    public record CachedModel(String repo, Path dir) {
        @Override
        public String toString() {
            return repo + " @ " + dir.getFileName().toString().substring(0, Math.min(8, dir.getFileName().toString().length()));
        }
    }

    /** Snapshots under {@code hub}/models--*&#47;snapshots/* whose config.json says model_type gsa. */
    public static List<CachedModel> huggingFaceModels(Path hub) {
        List<CachedModel> out = new ArrayList<>();
        if (!Files.isDirectory(hub)) return out;
        try (DirectoryStream<Path> repos = Files.newDirectoryStream(hub, "models--*")) {
            for (Path repo : repos) {
                Path snaps = repo.resolve("snapshots");
                if (!Files.isDirectory(snaps)) continue;
                try (DirectoryStream<Path> ss = Files.newDirectoryStream(snaps)) {
                    for (Path s : ss) if (isGsa(s.resolve("config.json")))
                        out.add(new CachedModel(repo.getFileName().toString().substring(8).replace("--", "/"), s));
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
