package org.gsaexplorer.model.generate;

import org.gsaexplorer.model.tokenizer.GsaTokenizer;

import java.util.Arrays;

/**
 * Turns tokens arriving one at a time into text to print as it grows. Decoding each token alone would break
 * characters that span tokens (a byte-level model writes “é” as two tokens), so the whole run is decoded each time and
 * only what is new is handed out, holding back a trailing replacement character until the bytes that complete it
 * arrive.
 */
public final class TextStream {
    private static final char INCOMPLETE = '\uFFFD';
    private final GsaTokenizer tokenizer;
    private int[] ids = new int[16];
    private int n, printed;

    public TextStream(GsaTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** The text this token completes (may be empty). */
    public String add(int id) {
        if (n == ids.length) ids = Arrays.copyOf(ids, 2 * n);
        ids[n++] = id;
        String text = tokenizer.decode(Arrays.copyOf(ids, n));
        int end = text.length();
        while (end > printed && text.charAt(end - 1) == INCOMPLETE) end--;
        if (end <= printed) return "";
        String fresh = text.substring(printed, end);
        printed = end;
        return fresh;
    }

    /** Whatever is still held back at the end (e.g. an unfinished character, shown as the replacement character). */
    public String flush() {
        String text = tokenizer.decode(Arrays.copyOf(ids, n));
        String rest = text.length() > printed ? text.substring(printed) : "";
        printed = text.length();
        return rest;
    }
}
