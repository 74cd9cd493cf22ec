package org.gsaexplorer.visualizer.language;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The places in a byte sequence the language tour points at: matched brackets and names that come back. Works on
 * byte values, so positions are token positions of a byte-level model; both patterns are ASCII, so multi-byte
 * characters around them change nothing.
 */
public final class TextPatterns {
    private static final String OPEN = "({[", CLOSE = ")}]";

    private TextPatterns() {
    }

    /** A bracket at byte {@code open} and the one that closes it at byte {@code close}. */
    public record Pair(int open, int close) {
        public int span() {
            return close - open;
        }
    }

    /** A name at bytes [first, first + length) that comes back at [second, second + length). */
    public record Repeat(String name, int first, int second) {
        public int length() {
            return name.length();
        }
    }

    /**
     * Every matched (…), {…} and […] pair, in the order they close. A closing byte that does not match the innermost
     * open bracket ends nothing and is skipped, so a stray one does not unpair the rest.
     */
    public static List<Pair> pairs(int[] bytes) {
        List<Pair> out = new ArrayList<>();
        Deque<Integer> open = new ArrayDeque<>();
        for (int t = 0; t < bytes.length; t++) {
            int b = bytes[t];
            if (OPEN.indexOf(b) >= 0) open.push(t);
            else if (CLOSE.indexOf(b) >= 0 && !open.isEmpty() && OPEN.indexOf(bytes[open.peek()]) == CLOSE.indexOf(b))
                out.add(new Pair(open.pop(), t));
        }
        return out;
    }

    /** Each identifier ([A-Za-z_][A-Za-z0-9_]*) of at least {@code minLength} bytes that occurs twice or more, by first occurrence. */
    public static List<Repeat> repeats(int[] bytes, int minLength) {
        Map<String, List<Integer>> at = new LinkedHashMap<>();
        for (int t = 0; t < bytes.length; ) {
            if (!identifierStart(bytes[t]) || t > 0 && identifierPart(bytes[t - 1])) {
                t++;
                continue;
            }
            int end = t + 1;
            while (end < bytes.length && identifierPart(bytes[end])) end++;
            if (end - t >= minLength) {
                StringBuilder name = new StringBuilder();
                for (int i = t; i < end; i++) name.append((char) bytes[i]);
                at.computeIfAbsent(name.toString(), k -> new ArrayList<>()).add(t);
            }
            t = end;
        }
        List<Repeat> out = new ArrayList<>();
        at.forEach((name, starts) -> {
            if (starts.size() > 1) out.add(new Repeat(name, starts.get(0), starts.get(1)));
        });
        return out;
    }

    private static boolean identifierStart(int b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '_';
    }

    private static boolean identifierPart(int b) {
        return identifierStart(b) || b >= '0' && b <= '9';
    }
}
