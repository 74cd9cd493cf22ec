package org.gsaexplorer.model.report;

import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.io.AtomicFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A report on disk: REPORT.html and REPORT.json beside it (same stem). Both are rendered before either is written, and
 * each is written atomically, so a failure or an interrupt leaves no half-written file.
 */
public final class ReportFiles {
    private ReportFiles() {
    }

    /** The JSON beside {@code html}, or null when the name does not end in .html after a stem. */
    public static Path jsonBeside(Path html) {
        String name = html.getFileName().toString();
        if (!name.endsWith(".html") || name.length() == ".html".length()) return null;
        return html.resolveSibling(name.substring(0, name.length() - ".html".length()) + ".json");
    }

    /**
     * Writes {@code r} as {@code html} and its JSON beside it; {@code overwrite} replaces files already there. A thread
     * interrupted while rendering (Ctrl-C in the CLI) writes nothing.
     */
    public static void write(Report r, Path html, boolean overwrite) {
        Path json = jsonBeside(html);
        if (json == null) throw new IllegalArgumentException(html + ": not an .html name");
        byte[] j = render(os -> ReportJson.write(r, os)), h = render(os -> ReportHtml.write(r, os));
        if (Thread.currentThread().isInterrupted()) throw new GsaException("report interrupted");
        AtomicFiles.write(json, overwrite, os -> os.write(j));
        AtomicFiles.write(html, overwrite, os -> os.write(h));
    }

    private static byte[] render(AtomicFiles.Writer writer) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            writer.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }
}
