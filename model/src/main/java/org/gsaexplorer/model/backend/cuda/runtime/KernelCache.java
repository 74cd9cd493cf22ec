package org.gsaexplorer.model.backend.cuda.runtime;

import org.gsaexplorer.model.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Compiled kernels on disk, so NVRTC runs once per (source, options, GPU arch, driver, NVRTC version). The folder is
 * ~/.cache/gsa-explorer/cuda unless -Dgsa.cuda.cache says otherwise. A cache that cannot be written only costs a
 * recompile next time.
 */
final class KernelCache {
    private final Path dir;

    KernelCache(Path dir) {
        this.dir = dir;
    }

    static KernelCache defaultCache() {
        String p = System.getProperty("gsa.cuda.cache");
        return new KernelCache(p != null ? Path.of(p) : Path.of(System.getProperty("user.home"), ".cache", "gsa-explorer", "cuda"));
    }

    /** A file-name-safe key covering everything that changes the CUBIN. */
    static String key(String source, List<String> options, String arch, int driverVersion, String nvrtcVersion) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String part : List.of(source, String.join(" ", options), arch, Integer.toString(driverVersion), nvrtcVersion)) {
                md.update(part.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0); // separator, so ("ab","c") and ("a","bc") differ
            }
            return arch + "-" + HexFormat.of().formatHex(md.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Path file(String key) {
        return dir.resolve("gsa-" + key + ".cubin");
    }

    byte[] load(String key) {
        try {
            Path f = file(key);
            return Files.isRegularFile(f) ? Files.readAllBytes(f) : null;
        } catch (IOException e) {
            return null;
        }
    }

    void store(String key, byte[] cubin) {
        try {
            Files.createDirectories(dir);
            AtomicFiles.write(file(key), true, out -> out.write(cubin));
        } catch (IOException | RuntimeException e) {
            // read-only home or full disk: the next start compiles again
        }
    }
}
