package org.gsaexplorer.model.io;

import org.gsaexplorer.model.error.GsaException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Writes a file through a temporary sibling and an atomic rename, so a reader never sees a half-written file and a
 * failure leaves nothing behind. An existing file is replaced only when the caller says so. The file gets the user's
 * usual mode (the umask applies), so exports are readable as any file the user saves.
 */
public final class AtomicFiles {
    private static final SecureRandom RANDOM = new SecureRandom();
    private AtomicFiles() {
    }

    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    public static void write(Path target, boolean overwrite, Writer writer) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (!overwrite && Files.exists(abs))
            throw new GsaException(target + ": already exists (use --force to overwrite it)");
        if (dir == null || !Files.isDirectory(dir)) throw new GsaException(target + ": folder " + dir + " does not exist");
        Path tmp = null;
        try {
            // created as any new file is (0666 less the umask), not 0600 as Files.createTempFile makes it
            Path part = dir.resolve("." + abs.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".part");
            try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                tmp = part;
                writer.write(out);
            }
            if (overwrite) {
                move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            } else {
                // Files.move without REPLACE_EXISTING refuses a file that appeared meanwhile
                move(tmp, abs);
            }
            tmp = null;
        } catch (FileAlreadyExistsException e) {
            throw new GsaException(target + ": already exists (use --force to overwrite it)");
        } catch (IOException e) {
            throw new GsaException(target + ": cannot be written (" + e.getMessage() + ")");
        } finally {
            if (tmp != null) try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: the temporary name starts with a dot and ends in .part
            }
        }
    }

    private static void move(Path from, Path to, StandardCopyOption... extra) throws IOException {
        StandardCopyOption[] opts = java.util.Arrays.copyOf(extra, extra.length + 1);
        opts[extra.length] = StandardCopyOption.ATOMIC_MOVE;
        try {
            if (extra.length == 0 && Files.exists(to)) throw new FileAlreadyExistsException(to.toString());
            Files.move(from, to, opts);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, extra);
        }
    }
}
