package org.gsaexplorer.model.io;

import org.gsaexplorer.model.error.GsaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AtomicFilesTest {
    @Test
    void writtenFilesGetTheModeAnyNewFileGetsNotOwnerOnly(@TempDir Path dir) throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file modes only");
        Path plain = Files.createFile(dir.resolve("plain.txt"));
        Path written = dir.resolve("export.png");
        AtomicFiles.write(written, false, out -> out.write(new byte[]{1, 2, 3}));
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(plain);
        assertEquals(expected, Files.getPosixFilePermissions(written), "the umask decides, as for any file the user saves");
        // replacing keeps the same rule, and nothing is left beside the file
        AtomicFiles.write(written, true, out -> out.write(new byte[]{4}));
        assertEquals(expected, Files.getPosixFilePermissions(written));
        assertArrayEquals(new byte[]{4}, Files.readAllBytes(written));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count());
        }
    }

    @Test
    void aFailingWriterLeavesNothingAndAnExistingFileIsKept(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a.bin");
        assertThrows(GsaException.class, () -> AtomicFiles.write(f, false, out -> {
            out.write(1);
            throw new java.io.IOException("disk full");
        }));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
        AtomicFiles.write(f, false, out -> out.write(7));
        GsaException e = assertThrows(GsaException.class, () -> AtomicFiles.write(f, false, out -> out.write(8)));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertArrayEquals(new byte[]{7}, Files.readAllBytes(f));
    }
}
