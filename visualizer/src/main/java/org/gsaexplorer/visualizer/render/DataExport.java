package org.gsaexplorer.visualizer.render;

import org.gsaexplorer.model.io.AtomicFiles;
import org.gsaexplorer.model.io.NpyArray;
import org.gsaexplorer.model.io.Npz;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes the numbers of a heatmap as CSV or .npz, atomically and never over an existing file unless asked. */
public final class DataExport {
    private DataExport() {
    }

    /** CSV with a header row of column labels and a first column of row labels; values with full float precision. */
    public static String csv(Heatmap h) {
        StringBuilder sb = new StringBuilder();
        sb.append(quote(h.rowAxis() + " \\ " + h.colAxis()));
        for (int c = 0; c < h.cols(); c++) sb.append(',').append(quote(h.colName().apply(c)));
        sb.append('\n');
        for (int r = 0; r < h.rows(); r++) {
            sb.append(quote(h.rowName().apply(r)));
            for (int c = 0; c < h.cols(); c++) {
                float v = h.value(r, c);
                sb.append(',');
                if (!Float.isNaN(v)) sb.append(v);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    public static void writeCsv(Heatmap h, Path file, boolean overwrite) {
        byte[] bytes = csv(h).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, overwrite, os -> os.write(bytes));
    }

    /** values [rows, cols] float32 (NaN where not available) and the value scale used for colours. */
    public static Map<String, NpyArray> arrays(Heatmap h) {
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("values", NpyArray.float32(h.values(), h.rows(), h.cols()));
        m.put("scale", NpyArray.float32(new float[]{(float) h.min(), (float) h.max()}, 2));
        return m;
    }

    public static void writeNpz(Heatmap h, Path file, boolean overwrite) {
        AtomicFiles.write(file, overwrite, os -> Npz.write(arrays(h), os));
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
