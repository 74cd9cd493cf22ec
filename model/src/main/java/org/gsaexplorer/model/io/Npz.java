package org.gsaexplorer.model.io;

import org.gsaexplorer.model.error.GsaException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Reads and writes numpy .npz archives (a zip of .npy files, format version 1.0). */
public final class Npz {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private Npz() {
    }

    public static Map<String, NpyArray> read(Path file) {
        Map<String, NpyArray> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (var e : java.util.Collections.list(zip.entries())) {
                String name = e.getName();
                if (!name.endsWith(".npy")) continue;
                try (InputStream in = zip.getInputStream(e)) {
                    out.put(name.substring(0, name.length() - 4), readNpy(in.readAllBytes(), file + ":" + name));
                }
            }
        } catch (IOException e) {
            throw new GsaException(file + ": not a readable .npz (" + e.getMessage() + ")");
        }
        return out;
    }

    static NpyArray readNpy(byte[] b, String where) {
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < MAGIC.length; i++)
            if (b.length <= i || b[i] != MAGIC[i]) throw new GsaException(where + ": not an .npy array");
        int major = b[6];
        int headerLen = major == 1 ? Short.toUnsignedInt(buf.getShort(8)) : buf.getInt(8);
        int dataStart = (major == 1 ? 10 : 12) + headerLen;
        String header = new String(b, major == 1 ? 10 : 12, headerLen, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header), o = ORDER.matcher(header), s = SHAPE.matcher(header);
        if (!d.find() || !o.find() || !s.find()) throw new GsaException(where + ": unreadable .npy header");
        if (o.group(1).equals("True")) throw new GsaException(where + ": Fortran-order arrays are not supported");
        String shapeText = s.group(1).trim();
        int[] shape = shapeText.isEmpty() ? new int[0] : java.util.Arrays.stream(shapeText.split(","))
                .map(String::trim).filter(x -> !x.isEmpty()).mapToInt(Integer::parseInt).toArray();
        int n = 1;
        for (int x : shape) n *= x;
        double[] data = new double[n];
        buf.position(dataStart);
        String descr = d.group(1);
        for (int i = 0; i < n; i++) {
            data[i] = switch (descr) {
                case "<f4" -> buf.getFloat();
                case "<f8" -> buf.getDouble();
                case "<i4" -> buf.getInt();
                case "<i8" -> buf.getLong();
                case "|b1", "|u1" -> buf.get() & 0xff;
                default -> throw new GsaException(where + ": dtype " + descr + " is not supported");
            };
        }
        return new NpyArray(descr, shape, data);
    }

    /** Writes {@code arrays} as an .npz to {@code out} (the caller decides where the stream goes). */
    public static void write(Map<String, NpyArray> arrays, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        for (var e : arrays.entrySet()) {
            zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
            zip.write(toNpy(e.getValue()));
            zip.closeEntry();
        }
        zip.finish();
    }

    static byte[] toNpy(NpyArray a) {
        StringBuilder shape = new StringBuilder();
        for (int s : a.shape()) shape.append(s).append(", ");
        if (a.shape().length > 1) shape.setLength(shape.length() - 2);
        else if (a.shape().length == 1) shape.setLength(shape.length() - 1);
        String header = "{'descr': '" + a.descr() + "', 'fortran_order': False, 'shape': (" + shape.toString().trim() + "), }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        int width = switch (a.descr()) {
            case "<f4", "<i4" -> 4;
            case "<f8", "<i8" -> 8;
            default -> throw new IllegalArgumentException("cannot write dtype " + a.descr());
        };
        ByteBuffer buf = ByteBuffer.allocate(10 + header.length() + a.size() * width).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        buf.put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (double v : a.data()) {
            switch (a.descr()) {
                case "<f4" -> buf.putFloat((float) v);
                case "<i4" -> buf.putInt((int) v);
                case "<f8" -> buf.putDouble(v);
                default -> buf.putLong((long) v);
            }
        }
        return buf.array();
    }

    /** The archive as bytes, for callers that write atomically. */
    public static byte[] toBytes(Map<String, NpyArray> arrays) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try {
            write(arrays, bos);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bos.toByteArray();
    }
}
