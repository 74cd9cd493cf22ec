package org.gsaexplorer.visualizer.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class DisplayPreferencesTest {
    @Test
    void theLookIsRememberedAndABadFileFallsBackValueByValue(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sub/display.properties");
        assertEquals(DisplayPreferences.DEFAULT, DisplayPreferences.read(f), "no file: the default look");
        assertTrue(new DisplayPreferences(Theme.DARK, 18).write(f));
        assertEquals(new DisplayPreferences(Theme.DARK, 18), DisplayPreferences.read(f));
        assertEquals(1.5, DisplayPreferences.read(f).fontScale(), 1e-12);
        Files.writeString(f, "theme=neon\nfont-size=16\n");
        assertEquals(new DisplayPreferences(Theme.LIGHT, 16), DisplayPreferences.read(f), "an unknown theme: light, the size kept");
        Files.writeString(f, "theme=dark\nfont-size=400\n");
        assertEquals(new DisplayPreferences(Theme.DARK, 12), DisplayPreferences.read(f), "a size out of range: the default size");
        Files.writeString(f, "theme=dark\nfont-size=big\n");
        assertEquals(new DisplayPreferences(Theme.DARK, 12), DisplayPreferences.read(f));
        assertThrows(IllegalArgumentException.class, () -> new DisplayPreferences(Theme.DARK, 9));
        assertFalse(DisplayPreferences.DEFAULT.write(Files.writeString(dir.resolve("file"), "x").resolve("display.properties")),
                "a folder that cannot exist: not saved, no error");
    }
}
