package org.gsaexplorer.visualizer.catalog;

import org.gsaexplorer.model.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The most recently opened checkpoint folders, newest first, kept in a small text file. */
public final class RecentModels {
    static final int MAX = 10;
    private final Path file;

    public RecentModels(Path file) {
        this.file = file;
    }

    /** ~/.config/gsa-explorer/recent.txt (or under $XDG_CONFIG_HOME). */
    public static RecentModels userDefault() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return new RecentModels(base.resolve("gsa-explorer").resolve("recent.txt"));
    }

    /** A file beside the list, for other small preferences ({@code name} in the same folder). */
    public Path sibling(String name) {
        return file.resolveSibling(name);
    }

    public List<Path> list() {
        List<Path> out = new ArrayList<>();
        try {
            if (Files.isRegularFile(file))
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) if (!line.isBlank()) out.add(Path.of(line.trim()));
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** Puts {@code dir} first (once); the list is a convenience, so failing to save it is not an error. */
    public List<Path> add(Path dir) {
        List<Path> l = list();
        Path abs = dir.toAbsolutePath().normalize();
        l.remove(abs);
        l.addFirst(abs);
        while (l.size() > MAX) l.removeLast();
        try {
            Files.createDirectories(file.getParent());
            String text = String.join("\n", l.stream().map(Path::toString).toList()) + "\n";
            AtomicFiles.write(file, true, os -> os.write(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            return l;
        }
        return l;
    }
}
