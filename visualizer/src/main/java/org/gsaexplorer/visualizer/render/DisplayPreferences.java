package org.gsaexplorer.visualizer.render;

import org.gsaexplorer.model.io.AtomicFiles;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The look the user chose (View menu): theme and font size, kept in a small properties file beside the recent-models
 * list. A missing or unreadable file, or a value out of range, gives the default for that value: the look is a
 * convenience, never a reason to refuse to start.
 *
 * @param fontSize the controls' font size in pixels, {@link #MIN_FONT}..{@link #MAX_FONT}
 */
public record DisplayPreferences(Theme theme, int fontSize) {
    public static final int DEFAULT_FONT = 12, MIN_FONT = 10, MAX_FONT = 24;
    public static final DisplayPreferences DEFAULT = new DisplayPreferences(Theme.LIGHT, DEFAULT_FONT);

    public DisplayPreferences {
        if (fontSize < MIN_FONT || fontSize > MAX_FONT) throw new IllegalArgumentException("font size " + fontSize + " outside " + MIN_FONT + ".." + MAX_FONT);
    }

    /** How much larger than the default the canvases draw their text. */
    public double fontScale() {
        return fontSize / (double) DEFAULT_FONT;
    }

    public static DisplayPreferences read(Path file) {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            return DEFAULT;
        }
        Theme theme = Theme.parse(p.getProperty("theme", "")).orElse(DEFAULT.theme);
        int font = DEFAULT_FONT;
        try {
            int f = Integer.parseInt(p.getProperty("font-size", "").trim());
            if (f >= MIN_FONT && f <= MAX_FONT) font = f;
        } catch (NumberFormatException e) {
            font = DEFAULT_FONT;
        }
        return new DisplayPreferences(theme, font);
    }

    /** Saves to {@code file}; failing to is not an error (the look just isn't remembered), so it says whether it did. */
    public boolean write(Path file) {
        Properties p = new Properties();
        p.setProperty("theme", theme.id);
        p.setProperty("font-size", Integer.toString(fontSize));
        StringWriter w = new StringWriter();
        try {
            p.store(w, "GSA Explorer display preferences");
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] bytes = w.toString().getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(file, true, os -> os.write(bytes));
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
